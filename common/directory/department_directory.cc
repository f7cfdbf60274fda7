#include "common/directory/department_directory.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/api/proto_time.h"
#include "common/grpc/client.h"
#include "common/log/log.h"
#include "common/time/date.h"

namespace fazhi::directory {
namespace {

namespace pb = ::fazhi::department::v1;

constexpr absl::Duration kMinForcedRefresh = absl::Seconds(3);
// A report run asks for a few hundred units and days at most; past this the cache starts over
// rather than grow without bound.
constexpr size_t kMaxCachedRelations = 10000;

}  // namespace

std::shared_ptr<grpc::Channel> DepartmentChannel(const DepartmentDirectoryOptions& options) {
  return grpc_util::MakeChannelWithTokenFile(options.address, options.tls, options.token_file);
}

DepartmentDirectory::DepartmentDirectory(DepartmentDirectoryOptions options)
    : DepartmentDirectory(options, DepartmentChannel(options)) {}

DepartmentDirectory::DepartmentDirectory(DepartmentDirectoryOptions options,
                                         std::shared_ptr<grpc::Channel> channel)
    : options_(std::move(options)), stub_(pb::DepartmentService::NewStub(std::move(channel))) {}

absl::StatusOr<std::map<std::string, Unit>> DepartmentDirectory::Fetch() {
  std::map<std::string, Unit> units;
  pb::ListDepartmentsRequest request;
  request.mutable_page()->set_page_size(1000);
  while (true) {
    std::unique_ptr<grpc::ClientContext> context =
        grpc_util::OutboundContext(options_.call_timeout);
    pb::ListDepartmentsResponse page;
    grpc::Status status = stub_->ListDepartments(context.get(), request, &page);
    if (!status.ok()) {
      return absl::UnavailableError(
          absl::StrCat("department service at ", options_.address, ": ", status.error_message()));
    }
    for (const pb::Department& d : page.departments()) {
      units[d.id()] = Unit{d.id(), d.parent_id(), static_cast<int>(d.kind()),
                           d.status() == pb::DEPARTMENT_STATUS_ACTIVE, d.name()};
    }
    if (page.page().next_page_token().empty()) return units;
    request.mutable_page()->set_page_token(page.page().next_page_token());
  }
}

absl::Status DepartmentDirectory::Refresh(bool force) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    absl::Duration age = absl::Now() - fetched_;
    if (units_ && age < options_.refresh_interval && (!force || age < kMinForcedRefresh)) {
      return absl::OkStatus();
    }
    // One call fetches; the others go on with the copy they have meanwhile, rather than all
    // calling the department service at once each time the copy ages. A call looking for a unit
    // the copy lacks (force) fetches itself: it must not miss a unit registered just now.
    if (units_ && refreshing_ && !force) return absl::OkStatus();
    refreshing_ = true;
  }
  absl::StatusOr<std::map<std::string, Unit>> fetched = Fetch();
  std::lock_guard<std::mutex> lock(mu_);
  refreshing_ = false;
  if (!fetched.ok()) {
    if (units_) {
      // Keep serving from the last copy: units change rarely, figures must keep flowing.
      log::Warning("cannot refresh the unit registry; using the last copy",
                   {{"error", fetched.status().message()}});
      fetched_ = absl::Now();
      return absl::OkStatus();
    }
    return fetched.status();
  }
  children_.clear();
  for (const auto& [id, unit] : *fetched) {
    if (!unit.parent_id.empty()) children_[unit.parent_id].push_back(id);
  }
  units_ = std::make_shared<const std::map<std::string, Unit>>(*std::move(fetched));
  fetched_ = absl::Now();
  return absl::OkStatus();
}

absl::StatusOr<std::optional<Unit>> DepartmentDirectory::Find(absl::string_view id) {
  if (absl::Status s = Refresh(false); !s.ok()) return s;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = units_->find(std::string(id));
    if (it != units_->end()) return std::optional<Unit>(it->second);
  }
  // A unit registered since the last copy: look again (rate-limited).
  if (absl::Status s = Refresh(true); !s.ok()) return s;
  std::lock_guard<std::mutex> lock(mu_);
  auto it = units_->find(std::string(id));
  if (it == units_->end()) return std::optional<Unit>();
  return std::optional<Unit>(it->second);
}

absl::StatusOr<std::vector<std::string>> DepartmentDirectory::Subtree(absl::string_view id) {
  absl::StatusOr<std::optional<Unit>> root = Find(id);
  if (!root.ok()) return root.status();
  if (!root->has_value()) {
    return absl::NotFoundError(absl::StrCat("department_id: no department with id '", id, "'"));
  }
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<std::string> out{std::string(id)};
  for (size_t i = 0; i < out.size() && out.size() < 100000; ++i) {
    auto it = children_.find(out[i]);
    if (it != children_.end()) out.insert(out.end(), it->second.begin(), it->second.end());
  }
  return out;
}

absl::StatusOr<std::vector<std::string>> DepartmentDirectory::SelfAndAncestors(
    absl::string_view id) {
  absl::StatusOr<std::optional<Unit>> unit = Find(id);
  if (!unit.ok()) return unit.status();
  std::vector<std::string> out;
  if (!unit->has_value()) return out;
  std::lock_guard<std::mutex> lock(mu_);
  std::string current(id);
  while (!current.empty() && out.size() < 64) {
    out.push_back(current);
    auto it = units_->find(current);
    current = it == units_->end() ? "" : it->second.parent_id;
  }
  return out;
}

absl::StatusOr<std::vector<UnitRelation>> DepartmentDirectory::FetchRelations(absl::string_view id,
                                                                              absl::CivilDay day) {
  pb::ListDepartmentRelationsRequest request;
  request.set_department_id(std::string(id));
  *request.mutable_as_of() = api::DateToProto(day);
  std::unique_ptr<grpc::ClientContext> context = grpc_util::OutboundContext(options_.call_timeout);
  pb::ListDepartmentRelationsResponse response;
  grpc::Status status = stub_->ListDepartmentRelations(context.get(), request, &response);
  if (status.error_code() == grpc::StatusCode::NOT_FOUND ||
      status.error_code() == grpc::StatusCode::INVALID_ARGUMENT) {
    // The caller's own mistake, which a retry will not mend: pass it on as it came.
    return absl::Status(static_cast<absl::StatusCode>(status.error_code()), status.error_message());
  }
  if (!status.ok()) {
    return absl::UnavailableError(
        absl::StrCat("department service at ", options_.address, ": ", status.error_message()));
  }
  std::vector<UnitRelation> out;
  for (const pb::DepartmentRelation& r : response.relations()) {
    UnitRelation& u = out.emplace_back();
    u.kind = static_cast<int>(r.kind());
    u.related_id = r.related_id();
    u.related_name = r.related_name();
    absl::StatusOr<absl::CivilDay> from = api::DateFromProto(r.valid_from(), "valid_from");
    if (!from.ok()) return absl::InternalError(from.status().message());
    u.valid_from = *from;
    if (r.has_valid_to()) {
      absl::StatusOr<absl::CivilDay> to = api::DateFromProto(r.valid_to(), "valid_to");
      if (!to.ok()) return absl::InternalError(to.status().message());
      u.valid_to = *to;
    }
  }
  return out;
}

absl::StatusOr<std::vector<UnitRelation>> DepartmentDirectory::RelationsOn(absl::string_view id,
                                                                           absl::CivilDay day) {
  const std::pair<std::string, int64_t> key{std::string(id), time_util::ToYmd(day)};
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = relations_.find(key);
    if (it != relations_.end() && absl::Now() - it->second.fetched < options_.refresh_interval) {
      return it->second.relations;
    }
  }
  absl::StatusOr<std::vector<UnitRelation>> fetched = FetchRelations(id, day);
  std::lock_guard<std::mutex> lock(mu_);
  if (!fetched.ok()) {
    auto it = relations_.find(key);
    if (fetched.status().code() == absl::StatusCode::kUnavailable && it != relations_.end()) {
      // As for units: relations change rarely, and a stale answer beats none.
      log::Warning("cannot refresh a unit's reporting relations; using the last answer",
                   {{"error", fetched.status().message()}});
      return it->second.relations;
    }
    return fetched.status();
  }
  if (relations_.size() >= kMaxCachedRelations) relations_.clear();
  relations_[key] = CachedRelations{*fetched, absl::Now()};
  return fetched;
}

}  // namespace fazhi::directory
