#ifndef FAZHI_SERVICES_CASES_CLIENTS_OFFICER_CHECKER_H_
#define FAZHI_SERVICES_CASES_CLIENTS_OFFICER_CHECKER_H_

// OfficerChecker over the department service's OfficerService.ValidateOfficers, with a deadline
// on every call, over one channel made once (directory::DepartmentChannel) whose calls carry the
// service's bearer token, re-read from its file when the file changes.

#include <grpcpp/channel.h>

#include <memory>

#include "common/directory/department_directory.h"
#include "fazhi/department/v1/officer.grpc.pb.h"
#include "services/cases/domain/officer_check.h"

namespace fazhi::cases {

class DepartmentOfficerChecker : public OfficerChecker {
 public:
  // Calls over channel, which the unit directory of the process shares.
  DepartmentOfficerChecker(directory::DepartmentDirectoryOptions options,
                           std::shared_ptr<grpc::Channel> channel)
      : options_(std::move(options)),
        stub_(department::v1::OfficerService::NewStub(std::move(channel))) {}

  absl::StatusOr<std::vector<OfficerVerdict>> Check(absl::string_view department_id,
                                                    const std::vector<std::string>& officer_ids,
                                                    absl::CivilDay day) override;

 private:
  directory::DepartmentDirectoryOptions options_;
  std::unique_ptr<department::v1::OfficerService::Stub> stub_;
};

}  // namespace fazhi::cases

#endif  // FAZHI_SERVICES_CASES_CLIENTS_OFFICER_CHECKER_H_
