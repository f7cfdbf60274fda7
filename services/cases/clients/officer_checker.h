#ifndef FAZHI_SERVICES_CASES_CLIENTS_OFFICER_CHECKER_H_
#define FAZHI_SERVICES_CASES_CLIENTS_OFFICER_CHECKER_H_

// OfficerChecker over the department service's OfficerService.ValidateOfficers, with a deadline
// on every call and the service's bearer token re-read from its file for each.

#include "common/directory/department_directory.h"
#include "services/cases/domain/officer_check.h"

namespace fazhi::cases {

class DepartmentOfficerChecker : public OfficerChecker {
 public:
  explicit DepartmentOfficerChecker(directory::DepartmentDirectoryOptions options)
      : options_(std::move(options)) {}

  absl::StatusOr<std::vector<OfficerVerdict>> Check(absl::string_view department_id,
                                                    const std::vector<std::string>& officer_ids,
                                                    absl::CivilDay day) override;

 private:
  directory::DepartmentDirectoryOptions options_;
};

}  // namespace fazhi::cases

#endif  // FAZHI_SERVICES_CASES_CLIENTS_OFFICER_CHECKER_H_
