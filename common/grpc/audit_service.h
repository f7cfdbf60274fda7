#ifndef FAZHI_COMMON_GRPC_AUDIT_SERVICE_H_
#define FAZHI_COMMON_GRPC_AUDIT_SERVICE_H_

#include "common/api/paging.h"
#include "common/db/database.h"
#include "common/grpc/call.h"
#include "fazhi/common/v1/common.grpc.pb.h"

namespace fazhi::grpc_util {

// fazhi.common.v1.AuditService over a service's own audit_log; every server registers it.
class AuditServiceImpl final : public common::v1::AuditService::CallbackService {
 public:
  AuditServiceImpl(grpc_util::CallRunner* calls, db::Database* db,
                   const api::PageTokenCodec* page_tokens)
      : calls_(calls), db_(db), page_tokens_(page_tokens) {}

  grpc::ServerUnaryReactor* ListAuditEntries(
      grpc::CallbackServerContext* context, const common::v1::ListAuditEntriesRequest* request,
      common::v1::ListAuditEntriesResponse* response) override;

 private:
  grpc_util::CallRunner* calls_;
  db::Database* db_;
  const api::PageTokenCodec* page_tokens_;
};

}  // namespace fazhi::grpc_util

#endif  // FAZHI_COMMON_GRPC_AUDIT_SERVICE_H_
