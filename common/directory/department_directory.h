#ifndef FAZHI_COMMON_DIRECTORY_DEPARTMENT_DIRECTORY_H_
#define FAZHI_COMMON_DIRECTORY_DEPARTMENT_DIRECTORY_H_

// The unit registry as the statistics and cases services see it: a copy of the department service's
// units, fetched over its public API and refreshed every refresh interval (and on a miss, at most
// every few seconds). A city's registry is hundreds to a few thousand units, so one copy is cheaper
// and steadier than a call per figure.

#include <grpcpp/channel.h>

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "absl/time/time.h"
#include "common/directory/unit_directory.h"
#include "common/grpc/tls.h"
#include "fazhi/department/v1/department.grpc.pb.h"

namespace fazhi::directory {

struct DepartmentDirectoryOptions {
  std::string address;
  grpc_util::TlsFiles tls;
  // A file holding this service's bearer token (a mounted Secret); re-read whenever it changes
  // (grpc_util::TokenFile).
  std::string token_file;
  absl::Duration refresh_interval = absl::Seconds(30);
  absl::Duration call_timeout = absl::Seconds(5);
};

// The one channel a process keeps to the department service: made once, its calls carrying the
// token of options.token_file (grpc_util::MakeChannelWithTokenFile). Share it between the
// directory and the other department clients of a process.
std::shared_ptr<grpc::Channel> DepartmentChannel(const DepartmentDirectoryOptions& options);

class DepartmentDirectory : public UnitDirectory, public RelationDirectory {
 public:
  // Calls the department service over its own DepartmentChannel(options).
  explicit DepartmentDirectory(DepartmentDirectoryOptions options);
  // Calls the department service over channel, shared with other clients.
  DepartmentDirectory(DepartmentDirectoryOptions options, std::shared_ptr<grpc::Channel> channel);

  absl::StatusOr<std::optional<Unit>> Find(absl::string_view id) override;
  absl::StatusOr<std::vector<std::string>> Subtree(absl::string_view id) override;
  absl::StatusOr<std::vector<std::string>> SelfAndAncestors(absl::string_view id) override;
  // ListDepartmentRelations as of day, kept for the refresh interval per unit and day (and
  // served from the last answer, with a warning, while the department service is unreachable).
  absl::StatusOr<std::vector<UnitRelation>> RelationsOn(absl::string_view id,
                                                        absl::CivilDay day) override;

 private:
  // Refreshes the copy if it is older than the interval (or force and the last fetch is more
  // than a few seconds old). UNAVAILABLE when the department service cannot be reached and no
  // copy exists yet.
  absl::Status Refresh(bool force);
  absl::StatusOr<std::map<std::string, Unit>> Fetch();
  absl::StatusOr<std::vector<UnitRelation>> FetchRelations(absl::string_view id,
                                                           absl::CivilDay day);

  struct CachedRelations {
    std::vector<UnitRelation> relations;
    absl::Time fetched;
  };

  DepartmentDirectoryOptions options_;
  std::unique_ptr<department::v1::DepartmentService::Stub> stub_;
  std::mutex mu_;
  std::shared_ptr<const std::map<std::string, Unit>> units_;
  std::map<std::string, std::vector<std::string>> children_;
  absl::Time fetched_ = absl::InfinitePast();
  // A call is fetching a new copy (guarded by mu_).
  bool refreshing_ = false;
  // By unit id and day (yyyymmdd); guarded by mu_.
  std::map<std::pair<std::string, int64_t>, CachedRelations> relations_;
};

}  // namespace fazhi::directory

#endif  // FAZHI_COMMON_DIRECTORY_DEPARTMENT_DIRECTORY_H_
