// fazhi's API conventions beyond buf lint's, checked over the compiled descriptors of every
// fazhi.* proto (docs/api-changes.md, "Conventions"):
//   - a List* RPC takes a fazhi.common.v1.PageRequest and answers a PageResponse;
//   - an Update* RPC takes a google.protobuf.FieldMask;
//   - a Create* RPC takes a request_id (idempotency key);
//   - a resource carries an etag; a resource is what a Get* RPC returns, unless that is its own
//     Get*Response (a computed view, not a stored record);
//   - every service, RPC, message and field has a comment.
// The descriptor set is protoc's, with source info (the generated C++ pool has no comments),
// made by tests/CMakeLists.txt from the same protos the services compile.

#include <gmock/gmock.h>
#include <google/protobuf/descriptor.h>
#include <google/protobuf/descriptor.pb.h>
#include <google/protobuf/text_format.h>
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {

using google::protobuf::Descriptor;
using google::protobuf::DescriptorPool;
using google::protobuf::FieldDescriptor;
using google::protobuf::FileDescriptor;
using google::protobuf::FileDescriptorProto;
using google::protobuf::FileDescriptorSet;
using google::protobuf::MethodDescriptor;
using google::protobuf::ServiceDescriptor;
using google::protobuf::SourceLocation;

constexpr char kPageRequest[] = "fazhi.common.v1.PageRequest";
constexpr char kPageResponse[] = "fazhi.common.v1.PageResponse";
constexpr char kFieldMask[] = "google.protobuf.FieldMask";

// Where the API departs from a convention on purpose, keyed by the violation the checker
// reports, with the reason. A key that no longer matches a violation fails the test, so the
// list cannot go stale.
const std::map<std::string, std::string>& Exceptions() {
  static const auto* exceptions = new std::map<std::string, std::string>{
      {"fazhi.department.v1.DepartmentService/ListDepartmentRelations: no page request",
       "a unit has at most one relation of each kind on a day and a handful of changes over "
       "the years: the whole history is one small answer"},
      {"fazhi.department.v1.DepartmentService/ListDepartmentRelations: no page response",
       "see its page request"},
      {"fazhi.statistics.v1.StatisticsService/ListReportingObligations: no page request",
       "one indicator's obligations: at most one per unit kind and period type"},
      {"fazhi.statistics.v1.StatisticsService/ListReportingObligations: no page response",
       "see its page request"},
      {"fazhi.cases.v1.SupervisionService/UpdateRectification: no update mask",
       "a state transition (reported, confirmed) guarded by the etag, not a field edit: both "
       "fields are the transition's payload"},
      {"fazhi.reports.v1.ReportService/UpdateSection: no update mask",
       "replaces one section's text, its only editable field, guarded by the report's etag"},
      {"fazhi.statistics.v1.StatisticsService/CreateIndicator: no request_id",
       "the caller names the indicator (code is required): a retry is ALREADY_EXISTS and "
       "creates nothing, and GetIndicator reads what the first call made"},
      {"fazhi.reports.v1.ReportService/CreateTemplate: no request_id",
       "the caller names the template (id is required): a retry is ALREADY_EXISTS and creates "
       "nothing"},
      {"fazhi.department.v1.Certificate: resource without etag",
       "changed only by appending events (renew, suspend, reinstate, revoke), each checked "
       "against the latest and idempotent by request_id: no read-modify-write to guard"},
      {"fazhi.reports.v1.Template: resource without etag",
       "immutable: there is no UpdateTemplate; a changed template is a new one"},
      {"fazhi.reports.v1.PublishedReport: resource without etag",
       "an immutable published version; a correction publishes a new version"},
      {"fazhi.statistics.v1.DataPoint: resource without etag",
       "written only by imports (idempotent by request_id); its revision is its version and "
       "ListRevisions its history"},
  };
  return *exceptions;
}

bool HasFieldOfType(const Descriptor& m, const std::string& type) {
  for (int i = 0; i < m.field_count(); ++i) {
    const FieldDescriptor* f = m.field(i);
    if (f->message_type() != nullptr && f->message_type()->full_name() == type) return true;
  }
  return false;
}

bool HasStringField(const Descriptor& m, const std::string& name) {
  const FieldDescriptor* f = m.FindFieldByName(name);
  return f != nullptr && f->type() == FieldDescriptor::TYPE_STRING && !f->is_repeated();
}

bool StartsWith(const std::string& s, const std::string& prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}

// The structural conventions' violations over the services of `files`, one line each, e.g.
// "fazhi.x.v1.XService/ListThings: no page request".
std::set<std::string> StructureViolations(const std::vector<const FileDescriptor*>& files) {
  std::set<std::string> out;
  for (const FileDescriptor* file : files) {
    for (int s = 0; s < file->service_count(); ++s) {
      const ServiceDescriptor* service = file->service(s);
      for (int r = 0; r < service->method_count(); ++r) {
        const MethodDescriptor* rpc = service->method(r);
        const std::string name = rpc->name();
        const std::string where = service->full_name() + "/" + name;
        const Descriptor& in = *rpc->input_type();
        const Descriptor& result = *rpc->output_type();
        if (StartsWith(name, "List")) {
          if (!HasFieldOfType(in, kPageRequest)) out.insert(where + ": no page request");
          if (!HasFieldOfType(result, kPageResponse)) out.insert(where + ": no page response");
        }
        if (StartsWith(name, "Update") && !HasFieldOfType(in, kFieldMask)) {
          out.insert(where + ": no update mask");
        }
        if (StartsWith(name, "Create") && !HasStringField(in, "request_id")) {
          out.insert(where + ": no request_id");
        }
        if (StartsWith(name, "Get") && result.name() != name + "Response" &&
            !HasStringField(result, "etag")) {
          out.insert(result.full_name() + ": resource without etag");
        }
      }
    }
  }
  return out;
}

bool Documented(const SourceLocation& loc) {
  auto has_text = [](const std::string& s) {
    return s.find_first_not_of(" \t\r\n") != std::string::npos;
  };
  return has_text(loc.leading_comments) || has_text(loc.trailing_comments);
}

template <typename D>
void CheckDocumented(const D& d, std::set<std::string>* undocumented) {
  SourceLocation loc;
  if (!d.GetSourceLocation(&loc) || !Documented(loc)) undocumented->insert(d.full_name());
}

void CheckMessageDocumented(const Descriptor& m, std::set<std::string>* undocumented) {
  if (m.options().map_entry()) return;  // synthesized by protoc for map fields
  CheckDocumented(m, undocumented);
  for (int i = 0; i < m.field_count(); ++i) CheckDocumented(*m.field(i), undocumented);
  for (int i = 0; i < m.nested_type_count(); ++i) {
    CheckMessageDocumented(*m.nested_type(i), undocumented);
  }
}

// Full names of the services, RPCs, messages and fields of `files` without a comment.
std::set<std::string> Undocumented(const std::vector<const FileDescriptor*>& files) {
  std::set<std::string> out;
  for (const FileDescriptor* file : files) {
    for (int s = 0; s < file->service_count(); ++s) {
      const ServiceDescriptor* service = file->service(s);
      CheckDocumented(*service, &out);
      for (int r = 0; r < service->method_count(); ++r) {
        CheckDocumented(*service->method(r), &out);
      }
    }
    for (int i = 0; i < file->message_type_count(); ++i) {
      CheckMessageDocumented(*file->message_type(i), &out);
    }
  }
  return out;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::string Lines(const std::set<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += "  " + item + "\n";
  return out;
}

class ApiConventionsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    FileDescriptorSet set;
    ASSERT_TRUE(set.ParseFromString(ReadFile(FAZHI_API_DESCRIPTORS)))
        << "cannot read " << FAZHI_API_DESCRIPTORS;
    // protoc writes imports before their importers (--include_imports).
    for (const FileDescriptorProto& proto : set.file()) {
      const FileDescriptor* file = pool_.BuildFile(proto);
      ASSERT_NE(file, nullptr) << proto.name();
      if (StartsWith(file->package(), "fazhi.")) fazhi_files_.push_back(file);
    }
  }

  DescriptorPool pool_;
  std::vector<const FileDescriptor*> fazhi_files_;
};

TEST_F(ApiConventionsTest, SeesEveryFazhiService) {
  std::set<std::string> services;
  for (const FileDescriptor* file : fazhi_files_) {
    for (int s = 0; s < file->service_count(); ++s) {
      services.insert(file->service(s)->full_name());
    }
  }
  // The checks below are only as good as what they walk: the four services' APIs and the
  // audit service every server shares.
  EXPECT_THAT(services,
              ::testing::IsSupersetOf(
                  {"fazhi.common.v1.AuditService", "fazhi.department.v1.DepartmentService",
                   "fazhi.department.v1.PowerListService", "fazhi.department.v1.OfficerService",
                   "fazhi.statistics.v1.StatisticsService", "fazhi.cases.v1.EnforcementCaseService",
                   "fazhi.cases.v1.SupervisionService", "fazhi.cases.v1.ReconsiderationService",
                   "fazhi.cases.v1.LitigationService", "fazhi.cases.v1.CaseFiguresService",
                   "fazhi.reports.v1.ReportService"}));
}

TEST_F(ApiConventionsTest, ListUpdateCreateAndResourcesFollowTheConventions) {
  const std::set<std::string> violations = StructureViolations(fazhi_files_);
  std::set<std::string> unexplained;
  for (const std::string& v : violations) {
    if (Exceptions().count(v) == 0) unexplained.insert(v);
  }
  std::set<std::string> stale;
  for (const auto& [key, reason] : Exceptions()) {
    if (violations.count(key) == 0) stale.insert(key);
  }
  EXPECT_TRUE(unexplained.empty())
      << "Follow the convention (docs/api-changes.md), or add the case to Exceptions() with "
         "its reason:\n"
      << Lines(unexplained);
  EXPECT_TRUE(stale.empty()) << "These exceptions no longer match a violation; remove them:\n"
                             << Lines(stale);
}

TEST_F(ApiConventionsTest, EveryServiceRpcMessageAndFieldIsDocumented) {
  const std::set<std::string> undocumented = Undocumented(fazhi_files_);
  EXPECT_TRUE(undocumented.empty())
      << "Give these a comment (what it is, its units, who sets it, what empty means):\n"
      << Lines(undocumented);
}

// The checker itself, on a small API that breaks every convention once and keeps each once.
TEST(ApiConventionsCheckerTest, ReportsEachViolationAndNothingElse) {
  DescriptorPool pool;
  const std::string common = R"pb(
    name: "t/common.proto"
    package: "fazhi.common.v1"
    message_type {
      name: "PageRequest"
      field { name: "page_size" number: 1 type: TYPE_INT32 label: LABEL_OPTIONAL }
    }
    message_type {
      name: "PageResponse"
      field { name: "next_page_token" number: 1 type: TYPE_STRING label: LABEL_OPTIONAL }
    }
  )pb";
  const std::string field_mask = R"pb(
    name: "t/field_mask.proto"
    package: "google.protobuf"
    message_type { name: "FieldMask" }
  )pb";
  const std::string api = R"pb(
    name: "t/api.proto"
    package: "fazhi.t.v1"
    dependency: "t/common.proto"
    dependency: "t/field_mask.proto"
    message_type {
      name: "Masked"
      field {
        name: "update_mask"
        number: 1
        type: TYPE_MESSAGE
        label: LABEL_OPTIONAL
        type_name: ".google.protobuf.FieldMask"
      }
    }
    message_type {
      name: "Thing"
      field { name: "etag" number: 1 type: TYPE_STRING label: LABEL_OPTIONAL }
    }
    message_type {
      name: "Bare"
      field { name: "id" number: 1 type: TYPE_STRING label: LABEL_OPTIONAL }
    }
    message_type { name: "GetStatsResponse" }
    message_type { name: "Empty" }
    message_type {
      name: "Paged"
      field {
        name: "page"
        number: 1
        type: TYPE_MESSAGE
        label: LABEL_OPTIONAL
        type_name: ".fazhi.common.v1.PageRequest"
      }
    }
    message_type {
      name: "PagedResponse"
      field {
        name: "page"
        number: 1
        type: TYPE_MESSAGE
        label: LABEL_OPTIONAL
        type_name: ".fazhi.common.v1.PageResponse"
      }
    }
    message_type {
      name: "WithRequestId"
      field { name: "request_id" number: 1 type: TYPE_STRING label: LABEL_OPTIONAL }
    }
    service {
      name: "TService"
      method {
        name: "ListGood"
        input_type: ".fazhi.t.v1.Paged"
        output_type: ".fazhi.t.v1.PagedResponse"
      }
      method { name: "ListBad" input_type: ".fazhi.t.v1.Empty" output_type: ".fazhi.t.v1.Empty" }
      method {
        name: "UpdateGood"
        input_type: ".fazhi.t.v1.Masked"
        output_type: ".fazhi.t.v1.Thing"
      }
      method { name: "UpdateBad" input_type: ".fazhi.t.v1.Empty" output_type: ".fazhi.t.v1.Thing" }
      method {
        name: "CreateGood"
        input_type: ".fazhi.t.v1.WithRequestId"
        output_type: ".fazhi.t.v1.Thing"
      }
      method { name: "CreateBad" input_type: ".fazhi.t.v1.Empty" output_type: ".fazhi.t.v1.Thing" }
      method { name: "GetThing" input_type: ".fazhi.t.v1.Empty" output_type: ".fazhi.t.v1.Thing" }
      method { name: "GetBare" input_type: ".fazhi.t.v1.Empty" output_type: ".fazhi.t.v1.Bare" }
      method {
        name: "GetStats"
        input_type: ".fazhi.t.v1.Empty"
        output_type: ".fazhi.t.v1.GetStatsResponse"
      }
    }
  )pb";
  std::vector<const FileDescriptor*> files;
  for (const std::string& text : {common, field_mask, api}) {
    FileDescriptorProto proto;
    ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &proto));
    const FileDescriptor* file = pool.BuildFile(proto);
    ASSERT_NE(file, nullptr);
    files.push_back(file);
  }
  EXPECT_THAT(StructureViolations(files),
              ::testing::ElementsAre("fazhi.t.v1.Bare: resource without etag",
                                     "fazhi.t.v1.TService/CreateBad: no request_id",
                                     "fazhi.t.v1.TService/ListBad: no page request",
                                     "fazhi.t.v1.TService/ListBad: no page response",
                                     "fazhi.t.v1.TService/UpdateBad: no update mask"));
  // A comment in the source info is what counts as documentation.
  FileDescriptorProto documented;
  ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(
      R"pb(
        name: "t/documented.proto"
        package: "fazhi.t.v1"
        message_type { name: "Documented" }
        source_code_info {
          location {
            path: [ 4, 0 ]
            span: [ 0, 0, 0 ]
            leading_comments: " A thing.\n"
          }
        }
      )pb",
      &documented));
  const FileDescriptor* documented_file = pool.BuildFile(documented);
  ASSERT_NE(documented_file, nullptr);
  EXPECT_THAT(Undocumented({documented_file}), ::testing::IsEmpty());
  // Built without source info, nothing has a comment: every element is reported.
  EXPECT_THAT(Undocumented({files[2]}),
              ::testing::AllOf(::testing::Contains("fazhi.t.v1.TService"),
                               ::testing::Contains("fazhi.t.v1.TService.GetThing"),
                               ::testing::Contains("fazhi.t.v1.Thing"),
                               ::testing::Contains("fazhi.t.v1.Thing.etag")));
}

}  // namespace
