#include "common/grpc/audit_service.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/audit/audit.h"
#include "common/grpc/status.h"
#include "common/validation/text.h"
#include "google/protobuf/util/time_util.h"

namespace fazhi::grpc_util {

using google::protobuf::util::TimeUtil;

grpc::ServerUnaryReactor* AuditServiceImpl::ListAuditEntries(
    grpc::CallbackServerContext* context, const common::v1::ListAuditEntriesRequest* request,
    common::v1::ListAuditEntriesResponse* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    absl::StatusOr<int> page_size = api::ResolvePageSize(request->page().page_size());
    if (!page_size.ok()) return ToGrpcStatus(page_size.status());
    audit::Filter filter;
    filter.target_type = request->target_type();
    filter.target_id = request->target_id();
    if (absl::Status s = validation::CheckText(filter.target_type, "target_type", 0, 40); !s.ok()) {
      return ToGrpcStatus(s);
    }
    if (absl::Status s = validation::CheckText(filter.target_id, "target_id", 0, 63); !s.ok()) {
      return ToGrpcStatus(s);
    }
    if (!filter.target_id.empty() && filter.target_type.empty()) {
      return ToGrpcStatus(absl::InvalidArgumentError("target_id needs target_type"));
    }
    if (request->has_start_time()) {
      filter.start = absl::FromUnixMicros(TimeUtil::TimestampToMicroseconds(request->start_time()));
    }
    if (request->has_end_time()) {
      filter.end = absl::FromUnixMicros(TimeUtil::TimestampToMicroseconds(request->end_time()));
    }
    if (filter.start && filter.end && *filter.end <= *filter.start) {
      return ToGrpcStatus(absl::InvalidArgumentError("end_time must be after start_time"));
    }
    std::string query = absl::StrCat("ListAuditEntries|", filter.target_type, "|", filter.target_id,
                                     "|", request->start_time().ShortDebugString(), "|",
                                     request->end_time().ShortDebugString());
    std::optional<audit::Cursor> after;
    if (!request->page().page_token().empty()) {
      absl::StatusOr<std::vector<std::string>> cursor =
          page_tokens_->Decode(request->page().page_token(), query);
      if (!cursor.ok()) return ToGrpcStatus(cursor.status());
      audit::Cursor c;
      if (cursor->size() != 2 || !absl::SimpleAtoi((*cursor)[0], &c.time_us)) {
        return ToGrpcStatus(absl::InvalidArgumentError("page.page_token is malformed"));
      }
      c.id = (*cursor)[1];
      after = c;
    }
    absl::StatusOr<std::vector<audit::AuditEntry>> entries =
        audit::List(*db_, filter, after, *page_size + 1);
    if (!entries.ok()) return ToGrpcStatus(entries.status());
    bool more = api::TrimToPage(*entries, *page_size);
    for (const audit::AuditEntry& e : *entries) {
      common::v1::AuditEntry* out = response->add_entries();
      out->set_id(e.id);
      *out->mutable_time() = TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(e.time));
      out->set_actor(e.actor);
      out->set_rpc(e.rpc);
      out->set_target_type(e.target_type);
      out->set_target_id(e.target_id);
      out->set_action(e.action);
      out->set_changes(e.changes);
      out->set_request_id(e.request_id);
    }
    if (more) {
      const audit::AuditEntry& last = entries->back();
      response->mutable_page()->set_next_page_token(
          page_tokens_->Encode(query, {absl::StrCat(absl::ToUnixMicros(last.time)), last.id}));
    }
    return grpc::Status::OK;
  });
}

}  // namespace fazhi::grpc_util
