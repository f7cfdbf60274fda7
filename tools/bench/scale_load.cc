// fazhi-scale-load: writes N enforcement cases and N data points as tab-separated files that
// tools/bench/scale.sh loads with LOAD DATA LOCAL INFILE into databases the services themselves
// migrated. Going through the gRPC API would take hours at 10^6 rows; these rows are nevertheless
// ones the services could have written: the case row's columns and values come from the cases
// store's own mapping (CaseRowValues), due dates from the domain's deadline rules over the
// deploy/calendars working-day calendars, period keys from common/time, units from the demo
// registry and indicator codes from the shipped catalogue.
//
// Cases: across every demo unit of the city's tree, filed 2021-2025 (the years with calendars, so
// no due date is pending), of all four kinds, at every stage; most decided, most decisions
// published, a share of fines, and the undecided ones of earlier years overdue. Points: every
// monthly count of the catalogue for every demo unit, month by month backwards from 2021-12, one
// revision each.

#include <cstdio>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "common/config/config.h"
#include "common/time/date.h"
#include "common/time/period.h"
#include "common/time/working_days.h"
#include "services/cases/domain/deadlines.h"
#include "services/cases/domain/enforcement_case.h"
#include "services/cases/store/cases_store.h"
#include "services/department/demo/jiyuan.h"
#include "services/statistics/domain/indicator.h"

ABSL_FLAG(int64_t, cases, 10000, "Enforcement cases to write");
ABSL_FLAG(int64_t, points, 10000, "Data points to write");
ABSL_FLAG(std::string, out_dir, ".", "Where the .tsv files go");
ABSL_FLAG(std::string, calendar_dir, "deploy/calendars", "The working-day calendars");
ABSL_FLAG(uint64_t, seed, 14, "Random seed: the same seed writes the same rows");

namespace fazhi::bench {
namespace {

using cases::CaseKind;
using cases::CaseStage;
using cases::DecisionOutcome;

// One LOAD DATA file: tab-separated, backslash-escaped, \N for NULL (MariaDB's defaults).
class Tsv {
 public:
  explicit Tsv(const std::string& path) : file_(std::fopen(path.c_str(), "w")) {
    if (file_ == nullptr) {
      std::fprintf(stderr, "cannot write %s\n", path.c_str());
      std::exit(1);
    }
  }
  ~Tsv() { std::fclose(file_); }

  void Row(const std::vector<db::Value>& values) {
    line_.clear();
    for (size_t i = 0; i < values.size(); ++i) {
      if (i > 0) line_.push_back('\t');
      if (std::holds_alternative<std::monostate>(values[i])) {
        line_.append("\\N");
      } else if (const int64_t* n = std::get_if<int64_t>(&values[i])) {
        absl::StrAppend(&line_, *n);
      } else {
        for (char ch : std::get<std::string>(values[i])) {
          switch (ch) {
            case '\t':
              line_.append("\\t");
              break;
            case '\n':
              line_.append("\\n");
              break;
            case '\\':
              line_.append("\\\\");
              break;
            default:
              line_.push_back(ch);
          }
        }
      }
    }
    line_.push_back('\n');
    std::fwrite(line_.data(), 1, line_.size(), file_);
  }

 private:
  std::FILE* file_;
  std::string line_;
};

// The demo units of the city's tree (jiyuan and every unit below it): the tree the bench queries.
std::vector<std::string> UnitIds() {
  std::map<std::string, std::string> parent;
  for (const auto& unit : department::demo::JiyuanUnits()) {
    parent[unit.department_id()] = unit.department().parent_id();
  }
  std::vector<std::string> out;
  for (const auto& [id, up] : parent) {
    for (std::string at = id; !at.empty(); at = parent[at]) {
      if (at == "jiyuan") {
        out.push_back(id);
        break;
      }
    }
  }
  return out;
}

absl::Time Noon(absl::CivilDay day) {
  return absl::FromCivil(absl::CivilSecond(day.year(), day.month(), day.day(), 12, 0, 0),
                         absl::UTCTimeZone());
}

int64_t Micros(absl::CivilDay day) { return absl::ToUnixMicros(Noon(day)); }

// A case id as ids::NewResourceId makes them, from a bijection of i (unique, scattered).
std::string CaseId(int64_t i) {
  uint64_t x = (static_cast<uint64_t>(i) * 0x9E3779B97F4A7ULL + 0x5bd1e995ULL) & 0xffffffffffffULL;
  return absl::StrFormat("case-%012x", x);
}

class CaseWriter {
 public:
  CaseWriter(const std::string& dir, const time_util::WorkingDayCalendar& calendar)
      : calendar_(calendar),
        cases_(dir + "/enforcement_cases.tsv"),
        bases_(dir + "/case_legal_bases.tsv"),
        officers_(dir + "/case_officers.tsv"),
        sanctions_(dir + "/case_sanctions.tsv"),
        events_(dir + "/case_events.tsv") {}

  void Write(int64_t i, const std::string& unit, std::mt19937_64& rng) {
    auto pick = [&](int n) { return static_cast<int>(rng() % n); };
    cases::EnforcementCase c;
    c.id = CaseId(i);
    c.department_id = unit;
    int k = pick(100);
    c.kind = k < 70   ? CaseKind::kPenalty
             : k < 85 ? CaseKind::kCoerciveMeasure
             : k < 95 ? CaseKind::kInspection
                      : CaseKind::kLicensing;
    c.filed_date = absl::CivilDay(2021, 1, 1) + pick(5 * 365);
    c.case_number = absl::StrFormat("SCALE-%d-%08d", c.filed_date.year(), i);
    if (pick(10) < 6) {
      c.party = {cases::PartyType::kOrganisation,
                 absl::StrCat("规模测试企业", i % 5000, "有限公司"), "",
                 absl::StrFormat("91410%013d", i % 10000000000000LL)};
    } else {
      // No ID number: a person's is optional, and the generator makes no real-looking ones.
      c.party = {cases::PartyType::kPerson, absl::StrCat("当事人", i % 9973), "", ""};
    }
    c.facts = absl::StrCat("规模测试案件", i, "：当事人未按规定履行义务。");
    c.legal_basis = {{"中华人民共和国行政处罚法", absl::StrCat("第", 8 + pick(30), "条")}};
    c.major = pick(50) == 0;
    c.officer_ids = {absl::StrCat(unit, "-officer-1"), absl::StrCat(unit, "-officer-2")};
    time_util::DueDate due = cases::DecisionDueDate(c.filed_date, 0, calendar_);
    c.decision_due_date = due.day;
    c.decision_due_pending = due.pending;
    c.create_time = Noon(c.filed_date);
    c.created_by = "scale-loader";
    std::vector<cases::CaseEvent> events;
    auto move = [&](CaseStage to, absl::string_view action, absl::CivilDay day) {
      cases::CaseEvent e;
      e.sequence = static_cast<int64_t>(events.size()) + 1;
      e.from_stage = events.empty() ? CaseStage::kUnspecified : c.stage;
      e.to_stage = to;
      e.action = std::string(action);
      e.actor = "scale-loader";
      e.time = Noon(day);
      events.push_back(e);
      c.stage = to;
    };
    move(CaseStage::kFiled, "file", c.filed_date);
    absl::CivilDay day = c.filed_date;
    // 12% still open (the older ones past their decision due date), 5% withdrawn, 3% transferred,
    // the rest decided and carried on.
    int fate = pick(100);
    if (fate < 12) {
      if (pick(2) == 0) move(CaseStage::kInvestigating, "start_investigation", day + 1);
    } else if (fate < 17) {
      move(CaseStage::kInvestigating, "start_investigation", day + 1);
      c.withdraw_reason = "证据不足，撤销立案";
      move(CaseStage::kWithdrawn, "withdraw", day + 5 + pick(30));
    } else if (fate < 20) {
      move(CaseStage::kInvestigating, "start_investigation", day + 1);
      day += 5 + pick(30);
      c.transfer = cases::Transfer{static_cast<cases::TransferDestination>(1 + pick(4)), "公安机关",
                                   "涉嫌犯罪，依法移送", day};
      move(CaseStage::kTransferred, "transfer", day);
    } else {
      move(CaseStage::kInvestigating, "start_investigation", day + 1);
      day += 5 + pick(60);
      cases::Decision d;
      d.document_number = absl::StrFormat("SCALE决〔%d〕%08d号", day.year(), i);
      d.date = day;
      d.officer_ids = c.officer_ids;
      if (c.kind == CaseKind::kPenalty) {
        c.notified_date = day - 3;
        move(CaseStage::kNotified, "notify", day - 3);
        int o = pick(100);
        d.outcome = o < 80   ? DecisionOutcome::kPenalty
                    : o < 90 ? DecisionOutcome::kNoPenalty
                    : o < 95 ? DecisionOutcome::kLighter
                             : DecisionOutcome::kReduced;
        if (d.outcome != DecisionOutcome::kNoPenalty) {
          d.sanctions.push_back({cases::SanctionType::kFine, 10000 * (1 + pick(500)), ""});
        } else {
          d.no_penalty_item = "首违不罚";
        }
      } else if (c.kind == CaseKind::kLicensing) {
        d.outcome = pick(5) == 0 ? DecisionOutcome::kRefused : DecisionOutcome::kGranted;
      } else {
        d.outcome = DecisionOutcome::kUnspecified;
      }
      d.summary = "依法作出决定";
      time_util::DueDate disclosure = cases::DisclosureDueDate(c.kind, day, calendar_);
      c.disclosure.due_date = disclosure.day;
      c.disclosure.due_pending = disclosure.pending;
      c.decision = d;
      move(CaseStage::kDecided, "decide", day);
      // 75% published, on time or a little late; the rest unpublished (some of them overdue).
      if (pick(4) != 0) {
        c.disclosure.published = true;
        c.disclosure.publish_time = Noon(disclosure.day - pick(5));
        c.disclosure.public_summary = "某单位违反规定，依法处理。";
      }
      int after = pick(10);
      if (after >= 3) {
        c.served_date = day + 2;
        move(CaseStage::kServed, "serve", day + 2);
      }
      if (after >= 6) {
        c.executed_date = day + 20;
        c.collected_fen = d.sanctions.empty() ? 0 : d.sanctions[0].amount_fen;
        move(CaseStage::kExecuted, "execute", day + 20);
      }
      if (after >= 8) {
        c.closed_date = day + 30;
        move(CaseStage::kClosed, "close", day + 30);
      }
    }
    c.update_time = events.back().time;
    c.updated_by = "scale-loader";
    c.version = static_cast<int64_t>(events.size());

    std::vector<db::Value> row = cases::CaseRowValues(c);
    row.push_back(db::Null());  // create_request_id
    cases_.Row(row);
    for (size_t b = 0; b < c.legal_basis.size(); ++b) {
      bases_.Row(
          {c.id, static_cast<int64_t>(b + 1), c.legal_basis[b].law, c.legal_basis[b].article});
    }
    for (size_t o = 0; o < c.officer_ids.size(); ++o) {
      officers_.Row({c.id, int64_t{1}, static_cast<int64_t>(o + 1), c.officer_ids[o]});
    }
    if (c.decision) {
      for (size_t o = 0; o < c.decision->officer_ids.size(); ++o) {
        officers_.Row({c.id, int64_t{2}, static_cast<int64_t>(o + 1), c.decision->officer_ids[o]});
      }
      for (size_t s = 0; s < c.decision->sanctions.size(); ++s) {
        const cases::Sanction& sanction = c.decision->sanctions[s];
        sanctions_.Row({c.id, static_cast<int64_t>(s + 1), int64_t{static_cast<int>(sanction.type)},
                        sanction.amount_fen, db::Null()});
      }
    }
    for (const cases::CaseEvent& e : events) {
      events_.Row({c.id, e.sequence, int64_t{static_cast<int>(e.from_stage)},
                   int64_t{static_cast<int>(e.to_stage)}, e.action, e.actor,
                   absl::ToUnixMicros(e.time), db::Null()});
    }
  }

 private:
  const time_util::WorkingDayCalendar& calendar_;
  Tsv cases_, bases_, officers_, sanctions_, events_;
};

void WritePoints(const std::string& dir, int64_t count, const std::vector<std::string>& units,
                 std::mt19937_64& rng) {
  Tsv points(dir + "/data_points.tsv");
  Tsv revisions(dir + "/data_point_revisions.tsv");
  std::vector<std::string> codes = statistics::ShippedIndicatorCodes(statistics::ValueType::kCount,
                                                                     time_util::PeriodType::kMonth);
  int64_t written = 0;
  // Month by month backwards from 2021-12: the newest year is full first.
  for (int m = 0; written < count; ++m) {
    time_util::Period period{time_util::PeriodType::kMonth, 2021 - m / 12, 12 - m % 12};
    std::string key = time_util::PeriodKey(period);
    int64_t time_us = Micros(absl::CivilDay(period.year, period.index, 1) + 40);
    for (const std::string& unit : units) {
      for (const std::string& code : codes) {
        if (written == count) break;
        int64_t value = static_cast<int64_t>(rng() % 1000);
        points.Row({code, unit, key, int64_t{static_cast<int>(time_util::PeriodType::kMonth)},
                    value, std::string("scale"), int64_t{1}, time_us, std::string("scale-loader")});
        revisions.Row({code, unit, key, int64_t{1}, int64_t{0}, int64_t{0}, value,
                       std::string("scale-loader"), time_us, std::string("scale-load"),
                       std::string("scale")});
        ++written;
      }
    }
  }
}

// The LOAD DATA statements for the files, with their column lists, for the mariadb client.
void WriteLoadSql(const std::string& dir) {
  std::vector<std::string> case_columns = cases::CaseColumnNames();
  case_columns.push_back("create_request_id");
  const std::vector<std::pair<std::string, std::string>> cases_tables = {
      {"enforcement_cases", absl::StrJoin(case_columns, ", ")},
      {"case_legal_bases", "case_id, seq, law, article"},
      {"case_officers", "case_id, role, seq, officer_id"},
      {"case_sanctions", "case_id, seq, sanction_type, amount_fen, description"},
      {"case_events", "case_id, seq, from_stage, to_stage, action, actor, time_us, note"}};
  const std::vector<std::pair<std::string, std::string>> statistics_tables = {
      {"data_points",
       "indicator_code, department_id, period_key, period_type, value, source, revision, "
       "update_time_us, updated_by"},
      {"data_point_revisions",
       "indicator_code, department_id, period_key, revision, had_previous, previous_value, value, "
       "actor, time_us, request_id, source"}};
  for (const auto& [name, tables] : {std::make_pair("load_cases.sql", cases_tables),
                                     std::make_pair("load_statistics.sql", statistics_tables)}) {
    std::FILE* f = std::fopen((dir + "/" + name).c_str(), "w");
    if (f == nullptr) std::exit(1);
    // The rows are consistent by construction (every child row's case is in the same load), so
    // the per-row foreign key and unique checks are skipped: they double the load time.
    std::fprintf(f, "SET foreign_key_checks = 0;\nSET unique_checks = 0;\n");
    for (const auto& [table, columns] : tables) {
      std::fprintf(f,
                   "LOAD DATA LOCAL INFILE '%s/%s.tsv' INTO TABLE %s CHARACTER SET utf8mb4 (%s);\n",
                   dir.c_str(), table.c_str(), table.c_str(), columns.c_str());
    }
    std::fclose(f);
  }
}

int Main() {
  absl::StatusOr<time_util::WorkingDayCalendar> calendar =
      time_util::WorkingDayCalendar::LoadDirectory(absl::GetFlag(FLAGS_calendar_dir));
  if (!calendar.ok()) {
    std::fprintf(stderr, "%s\n", calendar.status().ToString().c_str());
    return 1;
  }
  std::string dir = absl::GetFlag(FLAGS_out_dir);
  std::vector<std::string> units = UnitIds();
  std::mt19937_64 rng(absl::GetFlag(FLAGS_seed));
  {
    CaseWriter writer(dir, *calendar);
    int64_t n = absl::GetFlag(FLAGS_cases);
    for (int64_t i = 0; i < n; ++i) {
      // Skewed towards the first units (the city's big enforcement departments), as real
      // caseloads are: a third of all cases in the first tenth of the units.
      size_t u =
          rng() % 3 == 0 ? rng() % std::max<size_t>(1, units.size() / 10) : rng() % units.size();
      writer.Write(i, units[u], rng);
    }
  }
  WritePoints(dir, absl::GetFlag(FLAGS_points), units, rng);
  WriteLoadSql(dir);
  if (absl::GetFlag(FLAGS_cases) > 0) {
    // A generated case the bench reads back through the API.
    std::FILE* f = std::fopen((dir + "/sample_case_id").c_str(), "w");
    if (f == nullptr) return 1;
    std::fprintf(f, "%s\n", CaseId(absl::GetFlag(FLAGS_cases) / 2).c_str());
    std::fclose(f);
  }
  std::printf("%zu units, %lld cases, %lld points written to %s\n", units.size(),
              static_cast<long long>(absl::GetFlag(FLAGS_cases)),
              static_cast<long long>(absl::GetFlag(FLAGS_points)), dir.c_str());
  return 0;
}

}  // namespace
}  // namespace fazhi::bench

int main(int argc, char** argv) {
  fazhi::config::Init(argc, argv, "Writes N cases and N data points as LOAD DATA files.");
  return fazhi::bench::Main();
}
