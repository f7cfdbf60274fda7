#ifndef FAZHI_TESTS_SUPPORT_CASES_FIXTURE_H_
#define FAZHI_TESTS_SUPPORT_CASES_FIXTURE_H_

// Enforcement cases for integration tests, made as a department's front end makes them: officers
// with certificates in the department service (行政处罚法 Art. 42 needs two on every case), and
// the FileCase and AdvanceCase requests of EnforcementCaseService.

#include <grpcpp/grpcpp.h>

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "fazhi/cases/v1/enforcement.grpc.pb.h"
#include "fazhi/common/v1/common.pb.h"
#include "fazhi/department/v1/officer.grpc.pb.h"

namespace fazhi::testing {

// The party of NewCase: 张三 with this ID number, or 济源市某化工有限公司 with this credit code.
inline constexpr char kCasePersonIdNumber[] = "410881198503031234";
inline constexpr char kCaseCreditCode[] = "91350100M000100Y43";

// Creates officer id of department, named name, over stub (an admin's), and issues certificate
// to it, valid from 2020-01-02 to 2030-12-31.
absl::Status AddOfficer(department::v1::OfficerService::Stub& stub, const std::string& id,
                        const std::string& department, const std::string& name,
                        const std::string& certificate);

// A penalty case of department for FileCase, numbered number, filed on the day by officers,
// about open burning under 大气污染防治法 Art. 119(2), against a person or an organisation.
cases::v1::FileCaseRequest NewCase(const std::string& department, const std::string& number,
                                   const common::v1::Date& filed,
                                   const std::vector<std::string>& officers, bool person = true);

// Advances *c over stub (a caller of its department) by the step set in request, whose id and
// etag are filled here, with a 20-second deadline; on success *c is the advanced case.
grpc::Status AdvanceCase(cases::v1::EnforcementCaseService::Stub& stub,
                         cases::v1::EnforcementCase* c, cases::v1::AdvanceCaseRequest request);

// The steps of AdvanceCase.
cases::v1::AdvanceCaseRequest StartInvestigation();
cases::v1::AdvanceCaseRequest Notify(const common::v1::Date& day);
cases::v1::AdvanceCaseRequest SubmitLegalReview();
// 法制审核科 周敏's legal review with result on the day.
cases::v1::AdvanceCaseRequest RecordLegalReview(const common::v1::Date& day,
                                                cases::v1::LegalReviewResult result);
// A fine of fine_fen decided on the day by officers, numbered 济环罚〔year〕MD号.
cases::v1::AdvanceCaseRequest Decide(const common::v1::Date& day, int64_t fine_fen,
                                     const std::vector<std::string>& officers);

}  // namespace fazhi::testing

#endif  // FAZHI_TESTS_SUPPORT_CASES_FIXTURE_H_
