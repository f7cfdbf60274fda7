// Hostile input (issue 17): every RPC of every service, found by walking the service descriptors
// of every fazhi proto (protoc's descriptor set, so a new RPC or service is covered without
// touching this file), is sent a table of hostile requests built by protobuf reflection over
// every field of its request message:
//   - the empty request (every required field empty), and a request of harmless values with one
//     top-level field left empty at a time;
//   - in every string (and bytes) field: SQL metacharacters and quotes ('; DROP TABLE x; --, %,
//     _, \, an embedded NUL), invalid UTF-8 (gRPC's C++ parser refuses a proto3 string holding
//     it, and the server must still answer INVALID_ARGUMENT, not gRPC's bare UNIMPLEMENTED), and a
//     large string that is still under the message limit;
//   - in every integer field: its type's minimum and maximum, -1 and 0; in every enum field a
//     number no enum value has; in every floating field NaN and infinities;
//   - raw payloads: a message one byte over the server's --max_message_bytes, unknown groups
//     nested 100,000 deep (unterminated and terminated), unknown length-delimited fields nested
//     2,000 deep, and a request message nested as deep as its types recurse;
//   - a few calls without a token, and with a token that is an SQL injection.
// Every answer must be OK (a read that finds nothing wrong with the input) or a canonical error
// a caller can act on (INVALID_ARGUMENT, NOT_FOUND, PERMISSION_DENIED, UNAUTHENTICATED,
// RESOURCE_EXHAUSTED, OUT_OF_RANGE, FAILED_PRECONDITION, ALREADY_EXISTS, ABORTED) with a message;
// never UNKNOWN, INTERNAL, UNIMPLEMENTED, UNAVAILABLE or a deadline. After each RPC's table,
// every table of all four services' databases holds exactly the rows it held before (count and
// content), except the audit log, which must gain refusal entries only; and every server still
// answers its health check SERVING.
//
// The four real services run on the backend under test, the department service holding the seed
// report's units, so that identifiers in hostile requests meet real rows.

#include <google/protobuf/descriptor.h>
#include <google/protobuf/descriptor.pb.h>
#include <google/protobuf/dynamic_message.h>
#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/message.h>
#include <google/protobuf/stubs/logging.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <limits>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "tests/support/auth.h"
#include "tests/support/cases_servers.h"
#include "tests/support/grpc_health.h"
#include "tests/support/server_process.h"
#include "tests/support/test_database.h"

namespace fazhi {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::DescriptorPool;
using google::protobuf::DynamicMessageFactory;
using google::protobuf::FieldDescriptor;
using google::protobuf::FileDescriptorSet;
using google::protobuf::Message;
using google::protobuf::MethodDescriptor;
using google::protobuf::Reflection;
using google::protobuf::ServiceDescriptor;

// The servers' default --max_message_bytes (common/grpc/server.cc), which this suite keeps.
constexpr size_t kMaxMessageBytes = 16 << 20;
// The longest error message an answer may carry (common/grpc/interceptor.cc).
constexpr size_t kMaxAnswerMessageBytes = 1024;
// Large but allowed: far over any field's own limit, far under the message limit.
constexpr size_t kLargeStringBytes = 256 << 10;

// Answers a hostile request may get. OK only from reads: a write that succeeded shows in the
// row check.
bool CleanCode(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK:
    case grpc::StatusCode::INVALID_ARGUMENT:
    case grpc::StatusCode::NOT_FOUND:
    case grpc::StatusCode::PERMISSION_DENIED:
    case grpc::StatusCode::UNAUTHENTICATED:
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
    case grpc::StatusCode::OUT_OF_RANGE:
    case grpc::StatusCode::FAILED_PRECONDITION:
    case grpc::StatusCode::ALREADY_EXISTS:
    case grpc::StatusCode::ABORTED:
      return true;
    default:
      return false;
  }
}

// One hostile request: its messages (one for a unary or server-streaming RPC; a client stream
// sends them in order) and whether it carries the admin token.
struct HostileCase {
  std::string label;
  std::vector<std::string> messages;
  std::string token;
  // The field holding the large string, for that case only: a value far over every field's
  // limit, which no read may take as a filter that matches nothing.
  std::string oversized_field;
};

struct Answer {
  grpc::Status status;
  int messages = 0;
};

// Sends messages on method as raw bytes and reads every answer: gRPC's wire is the same for all
// four RPC kinds, so one bidirectional generic call serves them all.
Answer RawCall(const std::shared_ptr<grpc::Channel>& channel, const std::string& method,
               const std::vector<std::string>& messages, const std::string& token) {
  grpc::GenericStub stub(channel);
  grpc::CompletionQueue queue;
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  if (!token.empty()) context.AddMetadata("authorization", absl::StrCat("Bearer ", token));
  auto wait = [&queue] {
    void* tag = nullptr;
    bool ok = false;
    queue.Next(&tag, &ok);
    return ok;
  };
  std::unique_ptr<grpc::GenericClientAsyncReaderWriter> call =
      stub.PrepareCall(&context, method, &queue);
  call->StartCall(reinterpret_cast<void*>(1));
  bool ok = wait();
  for (const std::string& m : messages) {
    if (!ok) break;
    grpc::Slice slice(m);
    grpc::ByteBuffer buffer(&slice, 1);
    call->Write(buffer, reinterpret_cast<void*>(2));
    ok = wait();
  }
  if (ok) {
    call->WritesDone(reinterpret_cast<void*>(3));
    wait();
  }
  Answer answer;
  for (;;) {
    grpc::ByteBuffer in;
    call->Read(&in, reinterpret_cast<void*>(4));
    if (!wait()) break;
    ++answer.messages;
  }
  call->Finish(&answer.status, reinterpret_cast<void*>(5));
  wait();
  queue.Shutdown();
  void* tag;
  bool drained;
  while (queue.Next(&tag, &drained)) {
  }
  return answer;
}

// A field reached from the request message: the fields on the way, the last one the leaf.
using FieldPath = std::vector<const FieldDescriptor*>;

std::string PathName(const FieldPath& path) {
  return absl::StrJoin(path, ".",
                       [](std::string* out, const FieldDescriptor* f) { out->append(f->name()); });
}

// Every scalar field under descriptor, through nested messages (one element of a repeated or
// map field), stopping where a type would recur on its own path.
void CollectLeaves(const Descriptor* descriptor, FieldPath& path,
                   std::set<const Descriptor*>& on_path, std::vector<FieldPath>* leaves) {
  on_path.insert(descriptor);
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const FieldDescriptor* field = descriptor->field(i);
    path.push_back(field);
    if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      if (!on_path.count(field->message_type())) {
        CollectLeaves(field->message_type(), path, on_path, leaves);
      }
    } else {
      leaves->push_back(path);
    }
    path.pop_back();
  }
  on_path.erase(descriptor);
}

// The message holding the path's leaf, made on the way (the first element of repeated fields).
Message* LeafParent(Message* root, const FieldPath& path) {
  Message* m = root;
  for (size_t i = 0; i + 1 < path.size(); ++i) {
    const Reflection* r = m->GetReflection();
    const FieldDescriptor* f = path[i];
    if (f->is_repeated()) {
      m = r->FieldSize(*m, f) > 0 ? r->MutableRepeatedMessage(m, f, 0) : r->AddMessage(m, f);
    } else {
      m = r->MutableMessage(m, f);
    }
  }
  return m;
}

void SetString(Message* root, const FieldPath& path, const std::string& value) {
  Message* m = LeafParent(root, path);
  const FieldDescriptor* f = path.back();
  if (f->is_repeated()) {
    m->GetReflection()->AddString(m, f, value);
  } else {
    m->GetReflection()->SetString(m, f, value);
  }
}

void SetInteger(Message* root, const FieldPath& path, int64_t signed_value,
                uint64_t unsigned_value) {
  Message* m = LeafParent(root, path);
  const Reflection* r = m->GetReflection();
  const FieldDescriptor* f = path.back();
  bool rep = f->is_repeated();
  switch (f->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32:
      rep ? r->AddInt32(m, f, static_cast<int32_t>(signed_value))
          : r->SetInt32(m, f, static_cast<int32_t>(signed_value));
      break;
    case FieldDescriptor::CPPTYPE_INT64:
      rep ? r->AddInt64(m, f, signed_value) : r->SetInt64(m, f, signed_value);
      break;
    case FieldDescriptor::CPPTYPE_UINT32:
      rep ? r->AddUInt32(m, f, static_cast<uint32_t>(unsigned_value))
          : r->SetUInt32(m, f, static_cast<uint32_t>(unsigned_value));
      break;
    case FieldDescriptor::CPPTYPE_UINT64:
      rep ? r->AddUInt64(m, f, unsigned_value) : r->SetUInt64(m, f, unsigned_value);
      break;
    case FieldDescriptor::CPPTYPE_ENUM:
      rep ? r->AddEnumValue(m, f, static_cast<int>(signed_value))
          : r->SetEnumValue(m, f, static_cast<int>(signed_value));
      break;
    default:
      break;
  }
}

void SetFloating(Message* root, const FieldPath& path, double value) {
  Message* m = LeafParent(root, path);
  const Reflection* r = m->GetReflection();
  const FieldDescriptor* f = path.back();
  bool rep = f->is_repeated();
  if (f->cpp_type() == FieldDescriptor::CPPTYPE_DOUBLE) {
    rep ? r->AddDouble(m, f, value) : r->SetDouble(m, f, value);
  } else {
    rep ? r->AddFloat(m, f, static_cast<float>(value))
        : r->SetFloat(m, f, static_cast<float>(value));
  }
}

// A harmless value in the leaf: "x", 1, the first named enum value past UNSPECIFIED, true.
void SetHarmless(Message* root, const FieldPath& path) {
  const FieldDescriptor* f = path.back();
  switch (f->cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING:
      SetString(root, path, "x");
      break;
    case FieldDescriptor::CPPTYPE_BOOL: {
      Message* m = LeafParent(root, path);
      f->is_repeated() ? m->GetReflection()->AddBool(m, f, true)
                       : m->GetReflection()->SetBool(m, f, true);
      break;
    }
    case FieldDescriptor::CPPTYPE_DOUBLE:
    case FieldDescriptor::CPPTYPE_FLOAT:
      SetFloating(root, path, 1);
      break;
    case FieldDescriptor::CPPTYPE_ENUM: {
      const auto* e = f->enum_type();
      SetInteger(root, path, e->value(e->value_count() > 1 ? 1 : 0)->number(), 0);
      break;
    }
    default:
      SetInteger(root, path, 1, 1);
      break;
  }
}

std::string Varint(uint64_t v) {
  std::string out;
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
  return out;
}

// A field number no fazhi message uses.
constexpr uint32_t kUnknownField = 19999;

std::string LengthDelimited(uint32_t field, const std::string& body) {
  return absl::StrCat(Varint((field << 3) | 2), Varint(body.size()), body);
}

// The raw payloads every RPC is sent whatever its message.
std::vector<HostileCase> RawCases(const std::string& token) {
  std::vector<HostileCase> out;
  // One byte over the limit, as an unknown bytes field: the transport refuses it whole.
  std::string header = Varint((kUnknownField << 3) | 2);
  size_t body = kMaxMessageBytes + 1 - header.size() - Varint(kMaxMessageBytes).size();
  out.push_back({"message over --max_message_bytes",
                 {LengthDelimited(kUnknownField, std::string(body, 'a'))},
                 token,
                 ""});
  std::string start_group = Varint((kUnknownField << 3) | 3);
  std::string end_group = Varint((kUnknownField << 3) | 4);
  std::string open;
  for (int i = 0; i < 100000; ++i) open += start_group;
  std::string closed = open;
  for (int i = 0; i < 100000; ++i) closed += end_group;
  out.push_back({"unknown groups nested 100000 deep, unterminated", {open}, token, ""});
  out.push_back({"unknown groups nested 100000 deep", {closed}, token, ""});
  std::string nested = "x";
  for (int i = 0; i < 2000; ++i) nested = LengthDelimited(kUnknownField, nested);
  out.push_back({"unknown length-delimited fields nested 2000 deep", {nested}, token, ""});
  out.push_back({"a truncated field", {std::string("\x0a\x64jiyuan")}, token, ""});
  return out;
}

// The request message nested as deep as its types recurse (depth 0 when none does): each level
// the first message field whose type leads back to a type already on the way.
std::string DeepestNesting(const Descriptor* request, DynamicMessageFactory& factory, int* depth) {
  std::unique_ptr<Message> root(factory.GetPrototype(request)->New());
  Message* m = root.get();
  *depth = 0;
  std::set<const Descriptor*> seen;
  while (*depth < 1000) {
    const FieldDescriptor* next = nullptr;
    for (int i = 0; i < m->GetDescriptor()->field_count() && next == nullptr; ++i) {
      const FieldDescriptor* f = m->GetDescriptor()->field(i);
      if (f->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) continue;
      if (seen.count(f->message_type()) || f->message_type() == m->GetDescriptor()) next = f;
    }
    if (next == nullptr) break;
    seen.insert(m->GetDescriptor());
    m = next->is_repeated() ? m->GetReflection()->AddMessage(m, next)
                            : m->GetReflection()->MutableMessage(m, next);
    ++*depth;
  }
  return root->SerializeAsString();
}

// The hostile strings put in every string field, by name.
const std::vector<std::pair<std::string, std::string>>& HostileStrings() {
  static const auto* const kStrings = new std::vector<std::pair<std::string, std::string>>{
      {"SQL injection", "'; DROP TABLE x; --"},
      {"percent", "%"},
      {"underscore", "_"},
      {"backslash", "\\"},
      {"quotes", "\"'`"},
      {"embedded NUL", std::string("jiyuan\0x", 8)},
      {"invalid UTF-8", "jiyuan\xff\xfe\xc3("},
      {"large string", std::string(kLargeStringBytes, 'x')},
  };
  return *kStrings;
}
// Put in every string field at once.
constexpr char kEveryStringValue[] = "x' OR '1'='1";

std::vector<HostileCase> CasesFor(const MethodDescriptor* method, DynamicMessageFactory& factory,
                                  const std::string& token) {
  const Descriptor* request = method->input_type();
  const Message* prototype = factory.GetPrototype(request);
  std::vector<HostileCase> out;
  auto add = [&](std::string label, const std::function<void(Message*)>& fill,
                 const std::string& with_token) {
    std::unique_ptr<Message> m(prototype->New());
    fill(m.get());
    std::string bytes;
    // Serialize even what protobuf would refuse to parse (invalid UTF-8 in a string).
    m->SerializePartialToString(&bytes);
    std::vector<std::string> messages = {bytes};
    // A client stream is sent the message twice: the second must not be taken as a new batch.
    if (method->client_streaming()) messages.push_back(bytes);
    out.push_back({std::move(label), std::move(messages), with_token, ""});
  };

  add(
      "empty request", [](Message*) {}, token);
  add(
      "empty request without a token", [](Message*) {}, "");
  add(
      "empty request with a token that is SQL", [](Message*) {}, "'; DROP TABLE audit_log; --");

  std::vector<FieldPath> leaves;
  FieldPath path;
  std::set<const Descriptor*> on_path;
  CollectLeaves(request, path, on_path, &leaves);

  // Harmless values everywhere, then each top-level field left empty in turn.
  auto harmless = [&](Message* m, const FieldDescriptor* except) {
    for (const FieldPath& leaf : leaves) {
      if (leaf.front() != except) SetHarmless(m, leaf);
    }
  };
  add(
      "harmless values in every field", [&](Message* m) { harmless(m, nullptr); }, token);
  for (int i = 0; i < request->field_count(); ++i) {
    const FieldDescriptor* top = request->field(i);
    add(
        absl::StrCat("harmless values but ", top->name(), " empty"),
        [&](Message* m) { harmless(m, top); }, token);
  }

  const std::vector<std::pair<std::string, std::string>>& strings = HostileStrings();
  for (const FieldPath& leaf : leaves) {
    const FieldDescriptor* f = leaf.back();
    std::string name = PathName(leaf);
    switch (f->cpp_type()) {
      case FieldDescriptor::CPPTYPE_STRING:
        for (const auto& [what, value] : strings) {
          // A bytes field holds any bytes: only its size and content are hostile.
          if (what == "invalid UTF-8" && f->type() == FieldDescriptor::TYPE_BYTES) continue;
          add(
              absl::StrCat(what, " in ", name),
              [&, value = value](Message* m) { SetString(m, leaf, value); }, token);
          if (value.size() == kLargeStringBytes) out.back().oversized_field = name;
        }
        break;
      case FieldDescriptor::CPPTYPE_INT32:
        for (int64_t v : {int64_t{std::numeric_limits<int32_t>::min()},
                          int64_t{std::numeric_limits<int32_t>::max()}, int64_t{-1}, int64_t{0}}) {
          add(
              absl::StrCat(v, " in ", name), [&](Message* m) { SetInteger(m, leaf, v, 0); }, token);
        }
        break;
      case FieldDescriptor::CPPTYPE_INT64:
        for (int64_t v : {std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max(),
                          int64_t{-1}, int64_t{0}}) {
          add(
              absl::StrCat(v, " in ", name), [&](Message* m) { SetInteger(m, leaf, v, 0); }, token);
        }
        break;
      case FieldDescriptor::CPPTYPE_UINT32:
      case FieldDescriptor::CPPTYPE_UINT64:
        for (uint64_t v : {std::numeric_limits<uint64_t>::max(), uint64_t{0}}) {
          add(
              absl::StrCat(v, " in ", name), [&](Message* m) { SetInteger(m, leaf, 0, v); }, token);
        }
        break;
      case FieldDescriptor::CPPTYPE_ENUM:
        for (int v : {9999, -1}) {
          add(
              absl::StrCat("unknown enum value ", v, " in ", name),
              [&](Message* m) { SetInteger(m, leaf, v, 0); }, token);
        }
        break;
      case FieldDescriptor::CPPTYPE_DOUBLE:
      case FieldDescriptor::CPPTYPE_FLOAT:
        for (double v : {std::nan(""), std::numeric_limits<double>::infinity(),
                         -std::numeric_limits<double>::infinity()}) {
          add(
              absl::StrCat(v, " in ", name), [&](Message* m) { SetFloating(m, leaf, v); }, token);
        }
        break;
      default:
        break;
    }
  }
  // Every string field hostile at once, so a check that stops at the first field does not hide
  // what the store makes of the rest.
  add(
      "SQL injection in every string field",
      [&](Message* m) {
        for (const FieldPath& leaf : leaves) {
          if (leaf.back()->cpp_type() == FieldDescriptor::CPPTYPE_STRING) {
            SetString(m, leaf, kEveryStringValue);
          }
        }
      },
      token);
  add(
      "extreme integers in every integer field",
      [&](Message* m) {
        for (const FieldPath& leaf : leaves) {
          SetInteger(m, leaf, std::numeric_limits<int64_t>::max(),
                     std::numeric_limits<uint64_t>::max());
        }
      },
      token);

  int depth = 0;
  std::string deep = DeepestNesting(request, factory, &depth);
  if (depth > 0) {
    out.push_back({absl::StrCat("request nested ", depth, " deep"), {deep}, token, ""});
  }
  for (HostileCase& raw : RawCases(token)) out.push_back(std::move(raw));
  return out;
}

// What a database holds: per table its row count and a digest of its rows.
struct TableState {
  int64_t rows = 0;
  size_t digest = 0;
  bool operator==(const TableState& o) const { return rows == o.rows && digest == o.digest; }
};
using DatabaseState = std::map<std::string, TableState>;

absl::StatusOr<DatabaseState> ReadState(testing::TestDatabase& database) {
  db::Database& db = database.db();
  bool sqlite = db.dialect() == db::Dialect::kSqlite;
  absl::StatusOr<db::Result> tables = db.Execute(
      sqlite ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
             : "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()");
  if (!tables.ok()) return tables.status();
  DatabaseState state;
  for (const db::Row& t : tables->rows) {
    std::string table = t.Text(0);
    // The name comes from the catalog, never from a request.
    std::string quoted = sqlite ? absl::StrCat("\"", table, "\"") : absl::StrCat("`", table, "`");
    absl::StatusOr<db::Result> rows = db.Execute(absl::StrCat("SELECT * FROM ", quoted));
    if (!rows.ok()) return rows.status();
    TableState& s = state[table];
    s.rows = static_cast<int64_t>(rows->rows.size());
    std::multiset<std::string> lines;
    for (const db::Row& row : rows->rows) {
      std::string line;
      for (size_t i = 0; i < row.size(); ++i) {
        absl::StrAppend(&line, row.IsNull(i) ? "\\N" : row.Text(i), "\x1f");
      }
      lines.insert(line);
    }
    s.digest = std::hash<std::string>()(absl::StrJoin(lines, "\x1e"));
  }
  return state;
}

// The audit log records refusals on purpose (docs/security.md): it may grow, never change.
bool IsAuditTable(const std::string& table) { return absl::StartsWith(table, "audit"); }

// The figure imports refuse bad points one by one (ImportSummary.rejected) and answer OK with
// that summary: that is their contract, whatever the points hold.
bool IsFigureImport(const std::string& rpc) {
  static const auto* const kImports =
      new std::set<std::string>{"/fazhi.statistics.v1.StatisticsService/SubmitDataPoints",
                                "/fazhi.statistics.v1.StatisticsService/IngestDataPoints",
                                "/fazhi.statistics.v1.StatisticsService/ImportCsv",
                                "/fazhi.statistics.v1.StatisticsService/ImportCsvStream"};
  return kImports->count(rpc) > 0;
}

// Tables an RPC may add rows to when answering a hostile request OK, with the reason. A figure
// import still records its request_id with its summary, so that a replay returns the same answer
// and writes nothing; the ledger gains rows, the figures (data_points, revisions) never.
bool MayGrow(const std::string& rpc, const std::string& service, const std::string& table) {
  return service == "statistics" && table == "imports" && IsFigureImport(rpc);
}

class HostileInputTest : public ::testing::Test {
 protected:
  struct Service {
    std::string name;
    testing::ServerProcess* process;
    testing::TestDatabase* database;
    std::shared_ptr<grpc::Channel> channel;
  };

  static void SetUpTestSuite() {
    // Serializing invalid UTF-8 on purpose makes protobuf log an error per call.
    google::protobuf::SetLogHandler(
        [](google::protobuf::LogLevel, const char*, int, const std::string& message) {
          if (!absl::StrContains(message, "invalid UTF-8")) std::cerr << message << "\n";
        });
    absl::StatusOr<std::unique_ptr<testing::CasesServers>> servers =
        testing::CasesServers::Start(FAZHI_DEPARTMENT_BINARY, FAZHI_CASES_BINARY, "hostile",
                                     testing::CaseOfficers({}), FAZHI_STATISTICS_BINARY);
    ASSERT_TRUE(servers.ok()) << servers.status();
    servers_ = servers->release();
    std::string dir =
        (std::filesystem::temp_directory_path() / absl::StrCat("fazhi-hostile-", getpid()))
            .string();
    std::filesystem::create_directories(dir);
    std::string token_file = absl::StrCat(dir, "/reports.token");
    std::ofstream(token_file) << testing::Token({"service"}, "", "fazhi-reports");
    absl::StatusOr<std::unique_ptr<testing::TestDatabase>> db = testing::TestDatabase::Create();
    ASSERT_TRUE(db.ok()) << db.status();
    reports_db_ = db->release();
    absl::StatusOr<std::unique_ptr<testing::ServerProcess>> reports = testing::ServerProcess::Start(
        FAZHI_REPORTS_BINARY,
        {absl::StrCat("--database_url=", reports_db_->url()),
         absl::StrCat("--department_address=", servers_->department().grpc_address()),
         absl::StrCat("--department_token_file=", token_file),
         absl::StrCat("--statistics_address=", servers_->statistics().statistics().grpc_address()),
         absl::StrCat("--statistics_token_file=", token_file),
         absl::StrCat("--cases_address=", servers_->cases().grpc_address()),
         absl::StrCat("--cases_token_file=", token_file),
         absl::StrCat("--templates_dir=", FAZHI_SOURCE_DIR, "/services/reports/templates"),
         "--page_token_secret=hostile"},
        absl::StrCat(dir, "/reports.log"));
    ASSERT_TRUE(reports.ok()) << reports.status();
    reports_ = reports->release();

    auto* services = new std::map<std::string, Service>;
    auto add = [&](const std::string& name, testing::ServerProcess* p, testing::TestDatabase* d) {
      (*services)[name] = {
          name, p, d, grpc::CreateChannel(p->grpc_address(), grpc::InsecureChannelCredentials())};
    };
    add("department", &servers_->department(), &servers_->department_database());
    add("statistics", const_cast<testing::ServerProcess*>(&servers_->statistics().statistics()),
        &servers_->statistics().statistics_database());
    add("cases", &servers_->cases(), &servers_->cases_database());
    add("reports", reports_, reports_db_);
    services_ = services;
  }

  static void TearDownTestSuite() {
    delete services_;
    services_ = nullptr;
    delete reports_;
    reports_ = nullptr;
    delete reports_db_;
    reports_db_ = nullptr;
    delete servers_;
    servers_ = nullptr;
  }

  void SetUp() override { ASSERT_NE(services_, nullptr) << "the servers did not start"; }

  // The servers that serve a proto service: its package's, or every one for the shared ones.
  static std::vector<const Service*> ServersOf(const ServiceDescriptor* service) {
    const std::string& package = service->file()->package();
    std::vector<const Service*> out;
    if (package == "fazhi.common.v1") {
      for (const auto& [name, s] : *services_) out.push_back(&s);
      return out;
    }
    for (const auto& [name, s] : *services_) {
      if (package == absl::StrCat("fazhi.", name, ".v1")) out.push_back(&s);
    }
    return out;
  }

  static absl::StatusOr<std::map<std::string, DatabaseState>> ReadAll() {
    std::map<std::string, DatabaseState> out;
    for (const auto& [name, s] : *services_) {
      absl::StatusOr<DatabaseState> state = ReadState(*s.database);
      if (!state.ok()) return state.status();
      out[name] = *std::move(state);
    }
    return out;
  }

  static testing::CasesServers* servers_;
  static testing::ServerProcess* reports_;
  static testing::TestDatabase* reports_db_;
  static std::map<std::string, Service>* services_;
};

testing::CasesServers* HostileInputTest::servers_ = nullptr;
testing::ServerProcess* HostileInputTest::reports_ = nullptr;
testing::TestDatabase* HostileInputTest::reports_db_ = nullptr;
std::map<std::string, HostileInputTest::Service>* HostileInputTest::services_ = nullptr;

// Every service of every fazhi proto, from protoc's descriptor set.
std::vector<const ServiceDescriptor*> AllServices(DescriptorPool& pool) {
  FileDescriptorSet set;
  std::ifstream in(FAZHI_API_DESCRIPTORS, std::ios::binary);
  EXPECT_TRUE(in && set.ParseFromIstream(&in)) << "cannot read " << FAZHI_API_DESCRIPTORS;
  std::vector<const ServiceDescriptor*> out;
  for (const auto& file : set.file()) {
    const google::protobuf::FileDescriptor* built = pool.BuildFile(file);
    EXPECT_NE(built, nullptr) << file.name();
    if (built == nullptr || !absl::StartsWith(built->package(), "fazhi.")) continue;
    for (int i = 0; i < built->service_count(); ++i) out.push_back(built->service(i));
  }
  return out;
}

TEST_F(HostileInputTest, EveryRpcRefusesHostileInputCleanlyWritesNothingAndStaysUp) {
  DescriptorPool pool;
  std::vector<const ServiceDescriptor*> services = AllServices(pool);
  ASSERT_GE(services.size(), 10u) << "the descriptor set lost services";
  DynamicMessageFactory factory(&pool);
  const std::string& token = testing::AdminToken();
  absl::StatusOr<std::map<std::string, DatabaseState>> before = ReadAll();
  ASSERT_TRUE(before.ok()) << before.status();
  int rpcs = 0;
  int calls = 0;
  std::map<grpc::StatusCode, int> codes;
  absl::Time start = absl::Now();
  // FAZHI_HOSTILE_VERBOSE=1 prints every call and its answer.
  const bool verbose = std::getenv("FAZHI_HOSTILE_VERBOSE") != nullptr;
  for (const ServiceDescriptor* service : services) {
    std::vector<const Service*> targets = ServersOf(service);
    EXPECT_FALSE(targets.empty()) << service->full_name()
                                  << " belongs to no server this suite starts: add it to "
                                     "SetUpTestSuite, or its RPCs go untested";
    for (int m = 0; m < service->method_count(); ++m) {
      const MethodDescriptor* method = service->method(m);
      std::vector<HostileCase> cases = CasesFor(method, factory, token);
      ASSERT_FALSE(cases.empty()) << method->full_name() << " has no hostile cases";
      std::string rpc = absl::StrCat("/", service->full_name(), "/", method->name());
      ++rpcs;
      for (const Service* target : targets) {
        for (const HostileCase& c : cases) {
          Answer a = RawCall(target->channel, rpc, c.messages, c.token);
          ++calls;
          ++codes[a.status.error_code()];
          if (verbose) {
            std::cout << rpc << " on " << target->name << ", " << c.label << ": code "
                      << a.status.error_code() << ": " << a.status.error_message().substr(0, 200)
                      << "\n";
          }
          EXPECT_TRUE(CleanCode(a.status.error_code()))
              << rpc << " on " << target->name << ", " << c.label << ": code "
              << a.status.error_code() << ": " << a.status.error_message();
          // A filter no value can match is the caller's mistake: an empty page would read as
          // "there is nothing", so it must be refused like any other field. So is an id no
          // record can have: NOT_FOUND would send the caller looking for a record that was
          // never possible.
          if (!c.oversized_field.empty() && !IsFigureImport(rpc)) {
            EXPECT_NE(a.status.error_code(), grpc::StatusCode::OK)
                << rpc << " on " << target->name << " answered OK to " << c.label
                << ": it must refuse the field with INVALID_ARGUMENT";
            EXPECT_NE(a.status.error_code(), grpc::StatusCode::NOT_FOUND)
                << rpc << " on " << target->name << " answered NOT_FOUND to " << c.label
                << ": it must refuse the field with INVALID_ARGUMENT";
          }
          if (!a.status.ok()) {
            EXPECT_FALSE(a.status.error_message().empty())
                << rpc << ", " << c.label << ": code " << a.status.error_code()
                << " without a message";
            // A message that echoes a large value breaks the client's connection (its metadata
            // limit), failing its next calls.
            EXPECT_LE(a.status.error_message().size(), kMaxAnswerMessageBytes)
                << rpc << ", " << c.label << ": code " << a.status.error_code() << ", message "
                << a.status.error_message().substr(0, 200);
            // A peer's refusal passed on (services/*/clients/call_status.cc) means this service
            // sent the caller's bad input onwards instead of refusing it itself, naming the field.
            EXPECT_FALSE(absl::StrContains(a.status.error_message(), " service refused to "))
                << rpc << ", " << c.label << ": " << a.status.error_message().substr(0, 200);
            EXPECT_FALSE(absl::StrContains(a.status.error_message(), "metadata size exceeds"))
                << rpc << ", " << c.label << ": " << a.status.error_message().substr(0, 200);
          }
        }
        absl::StatusOr<int> health = testing::CheckHealth(target->channel);
        ASSERT_TRUE(health.ok()) << target->name << " is down after " << rpc << ": "
                                 << health.status();
        ASSERT_EQ(*health, testing::kServing) << target->name << " after " << rpc;
      }
      absl::StatusOr<std::map<std::string, DatabaseState>> after = ReadAll();
      ASSERT_TRUE(after.ok()) << after.status();
      for (const auto& [name, tables] : *after) {
        for (const auto& [table, state] : tables) {
          const TableState& was = (*before)[name][table];
          if (IsAuditTable(table) || MayGrow(rpc, name, table)) {
            EXPECT_GE(state.rows, was.rows) << name << "." << table << " lost rows after " << rpc;
            continue;
          }
          EXPECT_TRUE(state == was)
              << rpc << " wrote " << name << "." << table << ": " << was.rows << " rows before, "
              << state.rows << " after" << (state.rows == was.rows ? " (changed in place)" : "");
        }
      }
      before = std::move(after);
    }
  }
  // The import ledger keys each import by a digest of its caller and request id: the hostile
  // request ids it kept are digests, never the text sent.
  absl::StatusOr<db::Result> ids =
      (*services_)["statistics"].database->db().Execute("SELECT request_id FROM imports");
  ASSERT_TRUE(ids.ok()) << ids.status();
  EXPECT_FALSE(ids->rows.empty()) << "no import answered OK: the ledger check saw nothing";
  for (const db::Row& row : ids->rows) {
    std::string id = row.Text(0);
    EXPECT_TRUE(id.size() == 64 && id.find_first_not_of("0123456789abcdef") == std::string::npos)
        << "imports holds a request id that is not a digest: '" << id.substr(0, 100) << "'";
  }
  std::string summary;
  for (const auto& [code, n] : codes) absl::StrAppend(&summary, " code ", code, ": ", n, ";");
  std::cout << rpcs << " RPCs, " << calls << " hostile calls in "
            << absl::FormatDuration(absl::Now() - start) << ";" << summary << "\n";
  EXPECT_GE(rpcs, 100) << "fewer RPCs than the API has";
}

}  // namespace
}  // namespace fazhi
