// Unit tests of the common plumbing every service shares.

#include <atomic>
#include <cstdlib>
#include <regex>

#include "absl/flags/flag.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/api/etag.h"
#include "common/api/paging.h"
#include "common/cache/read_cache.h"
#include "common/config/config.h"
#include "common/db/backend.h"
#include "common/db/database.h"
#include "common/db/fragment.h"
#include "common/log/log.h"
#include "common/metrics/metrics.h"
#include "common/metrics/periodic_refresh.h"
#include "common/validation/text.h"
#include "gtest/gtest.h"

ABSL_FLAG(int, fazhi_test_port, 7, "used by ConfigTest");
ABSL_FLAG(std::string, fazhi_test_name, "", "used by ConfigTest");

namespace fazhi {
namespace {

TEST(EtagTest, RoundTripsAndDetectsStaleness) {
  EXPECT_EQ(api::FormatEtag(3), "\"3\"");
  EXPECT_EQ(*api::ParseEtag("\"3\"", "etag"), 3);
  EXPECT_TRUE(api::CheckEtag("\"3\"", 3, "etag").ok());
  absl::Status stale = api::CheckEtag("\"2\"", 3, "department.etag");
  EXPECT_EQ(stale.code(), absl::StatusCode::kAborted);
  EXPECT_NE(stale.message().find("department.etag"), absl::string_view::npos);
}

TEST(EtagTest, RejectsMissingAndForeignEtags) {
  for (const char* bad : {"", "3", "\"\"", "\"x\"", "\"0\"", "\"-1\"", "W/\"3\""}) {
    absl::Status s = api::CheckEtag(bad, 3, "department.etag");
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_NE(s.message().find("department.etag"), absl::string_view::npos) << s;
  }
}

TEST(PagingTest, ResolvesPageSize) {
  EXPECT_EQ(*api::ResolvePageSize(0), api::kDefaultPageSize);
  EXPECT_EQ(*api::ResolvePageSize(1), 1);
  EXPECT_EQ(*api::ResolvePageSize(1000), 1000);
  for (int bad : {-1, 1001, 1 << 30}) {
    absl::StatusOr<int> s = api::ResolvePageSize(bad);
    EXPECT_EQ(s.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_NE(s.status().message().find("page.page_size"), absl::string_view::npos);
  }
}

TEST(PagingTest, TokenRoundTripsWithItsQuery) {
  api::PageTokenCodec codec("secret");
  std::string token = codec.Encode("List|parent=a", {"2", "jiyuan-sfj"});
  absl::StatusOr<std::vector<std::string>> cursor = codec.Decode(token, "List|parent=a");
  ASSERT_TRUE(cursor.ok()) << cursor.status();
  EXPECT_EQ(*cursor, (std::vector<std::string>{"2", "jiyuan-sfj"}));
}

TEST(PagingTest, RefusesForgedTamperedAndRetargetedTokens) {
  api::PageTokenCodec codec("secret");
  std::string token = codec.Encode("List|parent=a", {"jiyuan-sfj"});
  // Another filter, another key, a flipped character, garbage, and a truncation.
  EXPECT_FALSE(codec.Decode(token, "List|parent=b").ok());
  EXPECT_FALSE(api::PageTokenCodec("other").Decode(token, "List|parent=a").ok());
  std::string flipped = token;
  flipped[flipped.size() / 2] = flipped[flipped.size() / 2] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(codec.Decode(flipped, "List|parent=a").ok());
  EXPECT_FALSE(codec.Decode("not a token!", "List|parent=a").ok());
  EXPECT_FALSE(codec.Decode(token.substr(0, 10), "List|parent=a").ok());
  absl::Status s = codec.Decode("abc", "q").status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("page.page_token"), absl::string_view::npos);
}

TEST(PagingTest, RandomKeysDiffer) {
  api::PageTokenCodec a(""), b("");
  EXPECT_FALSE(b.Decode(a.Encode("q", {"x"}), "q").ok());
}

TEST(TextTest, CountsChineseCharactersNotBytes) {
  EXPECT_EQ(validation::CharacterCount("济源市人民政府"), 7u);
  EXPECT_TRUE(validation::CheckText("济源市人民政府", "name", 1, 7).ok());
  EXPECT_FALSE(validation::CheckText("济源市人民政府", "name", 1, 6).ok());
}

TEST(TextTest, RejectsInvalidUtf8ControlsAndSurroundingSpaces) {
  for (const std::string& bad :
       {std::string("\xff\xfe"), std::string("abc\xc3"), std::string("\xc0\xaf"),  // overlong
        std::string("\xed\xa0\x80"),                                               // surrogate
        std::string("line\nbreak"), std::string(" 司法局"), std::string("司法局\xe3\x80\x80")}) {
    absl::Status s = validation::CheckText(bad, "department.name", 1, 100);
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_NE(s.message().find("department.name"), absl::string_view::npos);
  }
  EXPECT_EQ(validation::CheckText("", "department.name", 1, 100).message(),
            "department.name is required");
}

TEST(TextTest, ChecksIds) {
  EXPECT_TRUE(validation::CheckId("jiyuan-sfj", "id").ok());
  EXPECT_TRUE(validation::CheckId("dept-0123456789ab", "id").ok());
  for (const char* bad : {"", "Jiyuan", "-x", "a b", "济源", "a_b"}) {
    EXPECT_FALSE(validation::CheckId(bad, "id").ok()) << bad;
  }
  EXPECT_FALSE(validation::CheckId(std::string(64, 'a'), "id").ok());
}

// Found by tests/fuzz/fuzz_validators: quoting the first 64 bytes of a long Chinese id cut its
// 22nd character in two, so the message was not valid UTF-8.
TEST(TextTest, RefusalsQuoteWholeCharactersOnly) {
  std::string id;
  for (int i = 0; i < 30; ++i) id += "济";  // 90 bytes; byte 64 is inside the 22nd character
  absl::Status s = validation::CheckId(id, "id");
  ASSERT_FALSE(s.ok());
  EXPECT_TRUE(validation::IsValidUtf8(s.message())) << s.message();
  EXPECT_NE(s.message().find(std::string(id, 0, 63)), std::string::npos);  // 21 characters
  EXPECT_EQ(s.message().find(std::string(id, 0, 66)), std::string::npos);  // not 22
  EXPECT_EQ(validation::Excerpt(id, 64), std::string(id, 0, 63));
  EXPECT_EQ(validation::Excerpt(id, 63), std::string(id, 0, 63));
  EXPECT_EQ(validation::Excerpt("ab济", 3), "ab");
  EXPECT_EQ(validation::Excerpt("ab", 3), "ab");
  EXPECT_EQ(validation::Excerpt("", 0), "");
}

TEST(LogTest, EscapesJsonAndReplacesInvalidUtf8) {
  EXPECT_EQ(log::JsonEscape("济源 \"a\"\\\n\x01"), "济源 \\\"a\\\"\\\\\\n\\u0001");
  EXPECT_EQ(log::JsonEscape("ok\xff"), "ok\\ufffd");
  EXPECT_EQ(log::JsonEscape("GetDepartment"), "GetDepartment");
  EXPECT_EQ(log::JsonEscape("tab\tdel\x7f"), "tab\\tdel\\u007f");
}

// One JSON object per line, with a UTC time to the millisecond, whatever the thread formatted
// last (the second is formatted once a second per thread).
TEST(LogTest, WritesOneJsonLinePerEntryWithAMillisecondTime) {
  testing::internal::CaptureStdout();
  log::Write(log::Level::kWarning, "rpc", {{"grpc_method", "GetDepartment"}, {"note", "济源\n"}});
  log::Write(log::Level::kWarning, "rpc", {{"grpc_method", "ListDepartments"}});
  std::string out = testing::internal::GetCapturedStdout();
  std::vector<std::string> lines = absl::StrSplit(out, '\n', absl::SkipEmpty());
  ASSERT_EQ(lines.size(), 2u) << out;
  std::regex shape(
      R"re(\{"time":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z","level":"warning","service":"[^"]+","message":"rpc",.*\})re");
  for (const std::string& line : lines) EXPECT_TRUE(std::regex_match(line, shape)) << line;
  EXPECT_NE(lines[0].find(R"("grpc_method":"GetDepartment","note":"济源\n")"), std::string::npos)
      << lines[0];
  absl::Time written;
  std::string error;
  ASSERT_TRUE(absl::ParseTime("%Y-%m-%dT%H:%M:%E3SZ", lines[1].substr(9, 24), &written, &error))
      << error;
  EXPECT_LT(absl::AbsDuration(absl::Now() - written), absl::Seconds(5));
}

TEST(ConfigTest, EnvironmentSetsFlagsAndNamesTheVariableOnError) {
  EXPECT_EQ(config::EnvName("database_url"), "FAZHI_DATABASE_URL");
  setenv("FAZHI_FAZHI_TEST_PORT", "8080", 1);
  setenv("FAZHI_FAZHI_TEST_NAME", "济源", 1);
  ASSERT_TRUE(config::ApplyEnvironment().ok());
  EXPECT_EQ(absl::GetFlag(FLAGS_fazhi_test_port), 8080);
  EXPECT_EQ(absl::GetFlag(FLAGS_fazhi_test_name), "济源");
  setenv("FAZHI_FAZHI_TEST_PORT", "eighty", 1);
  absl::Status s = config::ApplyEnvironment();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("FAZHI_FAZHI_TEST_PORT"), absl::string_view::npos) << s;
  unsetenv("FAZHI_FAZHI_TEST_PORT");
  unsetenv("FAZHI_FAZHI_TEST_NAME");
}

TEST(ConfigTest, ChecksPortsAndAddresses) {
  EXPECT_TRUE(config::CheckPort("metrics_port", 9090).ok());
  EXPECT_FALSE(config::CheckPort("metrics_port", 0).ok());
  EXPECT_FALSE(config::CheckPort("metrics_port", 70000).ok());
  EXPECT_TRUE(config::CheckHostPort("listen", "0.0.0.0:50051").ok());
  EXPECT_TRUE(config::CheckHostPort("listen", "[::]:50051").ok());
  EXPECT_FALSE(config::CheckHostPort("listen", "localhost").ok());
  EXPECT_NE(config::CheckHostPort("listen", "x").message().find("FAZHI_LISTEN"),
            absl::string_view::npos);
}

TEST(DatabaseUrlTest, ParsesBothBackendsAndRedactsPasswords) {
  auto sqlite = db::internal::ParseUrl("sqlite://var/department.db");
  ASSERT_TRUE(sqlite.ok());
  EXPECT_EQ(sqlite->path, "var/department.db");
  auto abs = db::internal::ParseUrl("sqlite:///var/lib/fazhi/department.db");
  EXPECT_EQ(abs->path, "/var/lib/fazhi/department.db");
  auto mysql = db::internal::ParseUrl("mysql://fazhi:s3cr:et@db.example:3307/fazhi_department");
  ASSERT_TRUE(mysql.ok()) << mysql.status();
  EXPECT_EQ(mysql->user, "fazhi");
  EXPECT_EQ(mysql->password, "s3cr:et");
  EXPECT_EQ(mysql->host, "db.example");
  EXPECT_EQ(mysql->port, 3307);
  EXPECT_EQ(mysql->database, "fazhi_department");
  EXPECT_EQ(mysql->redacted.find("s3cr"), std::string::npos);
  auto socket = db::internal::ParseUrl("mysql://root@localhost/x?socket=/run/m.sock");
  EXPECT_EQ(socket->socket, "/run/m.sock");
  for (const char* bad : {"postgres://x/y", "mysql://u@h:99999/db", "mysql://u@h:3306",
                          "mysql://h/db", "sqlite://", "mysql://u@h/db?ssl=1"}) {
    absl::Status s = db::CheckUrl(bad);
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_NE(s.message().find("--database_url"), absl::string_view::npos);
  }
}

TEST(DatabaseTest, SplitsScriptsOutsideQuotesAndComments) {
  std::vector<std::string> statements = db::SplitStatements(
      "-- a comment; with a semicolon\nCREATE TABLE t (a TEXT);\n"
      "INSERT INTO t VALUES ('x;y');  INSERT INTO t VALUES (\"-- not a comment\");\n");
  ASSERT_EQ(statements.size(), 3u);
  EXPECT_EQ(statements[0], "CREATE TABLE t (a TEXT)");
  EXPECT_EQ(statements[1], "INSERT INTO t VALUES ('x;y')");
  EXPECT_EQ(statements[2], "INSERT INTO t VALUES (\"-- not a comment\")");
}

enum class Colour { kUnspecified = 0, kRed = 1, kGreen = 2, kBlue = 7 };

TEST(FragmentTest, BindsEnumValuesInTheOrderOfTheirPlaceholders) {
  EXPECT_EQ(db::Placeholders(3), "?, ?, ?");
  EXPECT_EQ(db::Placeholders(0), "");
  db::Fragment in = db::In("c.colour", std::vector<Colour>{Colour::kRed, Colour::kBlue});
  EXPECT_EQ(in.sql, "c.colour IN (?, ?)");
  EXPECT_EQ(in.params, (std::vector<db::Value>{int64_t{1}, int64_t{7}}));
  db::Fragment not_in = db::NotIn("colour", std::vector<Colour>{Colour::kGreen});
  EXPECT_EQ(not_in.sql, "colour NOT IN (?)");
  // IN () is not SQL: an empty list matches nothing, or excludes nothing.
  EXPECT_EQ(db::In("colour", std::vector<Colour>{}).sql, "1 = 0");
  EXPECT_EQ(db::NotIn("colour", std::vector<Colour>{}).sql, "1 = 1");
  db::Fragment both = db::Join(
      {db::Equals("kind", Colour::kGreen), db::Fragment{"published = 1", {}}, not_in}, " AND ");
  EXPECT_EQ(both.sql, "kind = ? AND published = 1 AND colour NOT IN (?)");
  EXPECT_EQ(both.params, (std::vector<db::Value>{int64_t{2}, int64_t{2}}));
  db::Fragment count = db::CountWhen(in);
  EXPECT_EQ(count.sql, "SUM(CASE WHEN c.colour IN (?, ?) THEN 1 ELSE 0 END)");
  EXPECT_EQ(count.params, in.params);
}

TEST(MetricsTest, UsesGoGrpcPrometheusCodeNames) {
  EXPECT_EQ(metrics::GrpcCodeName(0), "OK");
  EXPECT_EQ(metrics::GrpcCodeName(3), "InvalidArgument");
  EXPECT_EQ(metrics::GrpcCodeName(10), "Aborted");
  EXPECT_EQ(metrics::GrpcCodeName(16), "Unauthenticated");
  EXPECT_EQ(metrics::GrpcCodeName(99), "Unknown");
}

// The series a method's calls land in, found once per method: each call must still count in the
// series of its own method and code, with go-grpc-prometheus's labels.
TEST(MetricsTest, CountsEachMethodAndCodeInItsOwnSeries) {
  prometheus::Registry registry;
  metrics::GrpcServerMetrics grpc(registry);
  metrics::GrpcMethodMetrics& get = grpc.ForMethod("unary", "fazhi.x.v1.S", "Get");
  EXPECT_EQ(&get, &grpc.ForMethod("unary", "fazhi.x.v1.S", "Get"));
  for (int i = 0; i < 3; ++i) {
    get.Started();
    get.MessageReceived();
    get.MessageSent();
    get.Handled(0, 0.002);
  }
  get.Handled(5, 0.2);
  grpc.ForMethod("unary", "fazhi.x.v1.S", "List").Handled(16, 0.001);
  std::map<std::string, double> seen;
  for (const prometheus::MetricFamily& family : registry.Collect()) {
    for (const prometheus::ClientMetric& metric : family.metric) {
      std::string key = family.name;
      for (const prometheus::ClientMetric::Label& label : metric.label) {
        key += "|" + label.name + "=" + label.value;
      }
      seen[key] = family.type == prometheus::MetricType::Histogram
                      ? static_cast<double>(metric.histogram.sample_count)
                      : metric.counter.value;
    }
  }
  const std::string get_labels = "|grpc_method=Get|grpc_service=fazhi.x.v1.S|grpc_type=unary";
  EXPECT_EQ(seen["grpc_server_started_total" + get_labels], 3);
  EXPECT_EQ(seen["grpc_server_msg_received_total" + get_labels], 3);
  EXPECT_EQ(seen["grpc_server_msg_sent_total" + get_labels], 3);
  EXPECT_EQ(seen["grpc_server_handling_seconds" + get_labels], 4);
  EXPECT_EQ(seen["grpc_server_handled_total|grpc_code=OK" + get_labels], 3);
  EXPECT_EQ(seen["grpc_server_handled_total|grpc_code=NotFound" + get_labels], 1);
  EXPECT_EQ(seen["grpc_server_handled_total|grpc_code=Unauthenticated|grpc_method=List|grpc_"
                 "service=fazhi.x.v1.S|grpc_type=unary"],
            1);
  EXPECT_EQ(seen.count("grpc_server_handled_total|grpc_code=InvalidArgument" + get_labels), 0u);
}

TEST(ReadCacheTest, ServesAnAnswerUntilItsTimeToLiveOrAWrite) {
  cache::ReadCache<std::string> feed(absl::Seconds(2), 10);
  const absl::Time t0 = absl::FromUnixSeconds(1700000000);
  EXPECT_EQ(feed.Find("jiyuan|2021", t0), nullptr);
  feed.Put("jiyuan|2021", std::make_shared<const std::string>("page 1"), feed.generation(), t0);
  ASSERT_NE(feed.Find("jiyuan|2021", t0 + absl::Milliseconds(1999)), nullptr);
  EXPECT_EQ(*feed.Find("jiyuan|2021", t0 + absl::Milliseconds(1999)), "page 1");
  EXPECT_EQ(feed.Find("jiyuan|2022", t0), nullptr);
  // Another replica's write shows once the time to live has passed.
  EXPECT_EQ(feed.Find("jiyuan|2021", t0 + absl::Seconds(2)), nullptr);

  feed.Put("jiyuan|2021", std::make_shared<const std::string>("page 1"), feed.generation(), t0);
  feed.Invalidate();  // this process wrote a case
  EXPECT_EQ(feed.Find("jiyuan|2021", t0), nullptr);
}

TEST(ReadCacheTest, DropsAnAnswerMadeWhileAWriteCameIn) {
  cache::ReadCache<std::string> feed(absl::Seconds(2), 10);
  const absl::Time t0 = absl::FromUnixSeconds(1700000000);
  uint64_t before_reading = feed.generation();
  feed.Invalidate();  // a write commits while the page is being read
  feed.Put("jiyuan|0", std::make_shared<const std::string>("old page"), before_reading, t0);
  EXPECT_EQ(feed.Find("jiyuan|0", t0), nullptr);
}

TEST(ReadCacheTest, KeepsNothingWhenOffAndStartsOverWhenFull) {
  const absl::Time t0 = absl::FromUnixSeconds(1700000000);
  cache::ReadCache<std::string> off(absl::ZeroDuration(), 10);
  off.Put("a", std::make_shared<const std::string>("x"), off.generation(), t0);
  EXPECT_EQ(off.Find("a", t0), nullptr);

  cache::ReadCache<std::string> small(absl::Seconds(2), 2);
  small.Put("a", std::make_shared<const std::string>("1"), small.generation(), t0);
  small.Put("b", std::make_shared<const std::string>("2"), small.generation(), t0);
  small.Put("c", std::make_shared<const std::string>("3"), small.generation(), t0);
  EXPECT_EQ(small.Find("a", t0), nullptr);
  EXPECT_EQ(small.Find("b", t0), nullptr);
  ASSERT_NE(small.Find("c", t0), nullptr);
  EXPECT_EQ(*small.Find("c", t0), "3");
}

TEST(PeriodicRefreshTest, RefreshesAtOnceThenEveryPeriodAndNeverAfterDestruction) {
  std::atomic<int> runs{0};
  {
    // A long period: only the first, immediate refresh can have run when the object goes.
    metrics::PeriodicRefresh slow([&runs] { ++runs; }, absl::Hours(1));
    for (int i = 0; i < 500 && runs.load() == 0; ++i) absl::SleepFor(absl::Milliseconds(10));
    EXPECT_EQ(runs.load(), 1);
  }
  EXPECT_EQ(runs.load(), 1) << "destruction must not wait a period nor refresh again";
  runs = 0;
  {
    metrics::PeriodicRefresh fast([&runs] { ++runs; }, absl::Milliseconds(5));
    for (int i = 0; i < 500 && runs.load() < 3; ++i) absl::SleepFor(absl::Milliseconds(10));
    EXPECT_GE(runs.load(), 3);
  }
  int after = runs.load();
  absl::SleepFor(absl::Milliseconds(50));
  EXPECT_EQ(runs.load(), after) << "a refresh ran after destruction";
}

}  // namespace
}  // namespace fazhi
