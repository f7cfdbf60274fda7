#ifndef FAZHI_SERVICES_REPORTS_CLIENTS_CALL_STATUS_H_
#define FAZHI_SERVICES_REPORTS_CLIENTS_CALL_STATUS_H_

// How an outbound call's gRPC status becomes the status the report ports document
// (services/reports/app/ports.h), the same for every client of this directory.

#include <grpcpp/support/status.h>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace fazhi::reports {

// OK stays OK. NOT_FOUND (an unknown unit or indicator) stays NOT_FOUND with the other service's
// message. Its INVALID_ARGUMENT, FAILED_PRECONDITION and PERMISSION_DENIED are refusals a retry
// will not change: FAILED_PRECONDITION with its message. Anything else (unreachable, overloaded,
// out of time, not authenticated) is UNAVAILABLE naming the service and its address, as the
// caller may retry. service is e.g. "statistics"; what says what the call was for ("read the
// indicator values").
absl::Status FromCall(const grpc::Status& status, absl::string_view service,
                      absl::string_view address, absl::string_view what);

}  // namespace fazhi::reports

#endif  // FAZHI_SERVICES_REPORTS_CLIENTS_CALL_STATUS_H_
