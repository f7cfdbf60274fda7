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

#include "absl/time/time.h"
#include "common/directory/unit_directory.h"
#include "common/grpc/tls.h"
#include "fazhi/department/v1/department.grpc.pb.h"

namespace fazhi::directory {

struct DepartmentDirectoryOptions {
  std::string address;
  grpc_util::TlsFiles tls;
  // A file holding this service's bearer token (a mounted Secret); re-read at every refresh.
  std::string token_file;
  absl::Duration refresh_interval = absl::Seconds(30);
  absl::Duration call_timeout = absl::Seconds(5);
};

// The bearer token in path (surrounding whitespace dropped), or "" for an empty path.
std::string ReadTokenFile(const std::string& path);

class DepartmentDirectory : public UnitDirectory {
 public:
  explicit DepartmentDirectory(DepartmentDirectoryOptions options);

  absl::StatusOr<std::optional<Unit>> Find(absl::string_view id) override;
  absl::StatusOr<std::vector<std::string>> Subtree(absl::string_view id) override;
  absl::StatusOr<std::vector<std::string>> SelfAndAncestors(absl::string_view id) override;

 private:
  // Refreshes the copy if it is older than the interval (or force and the last fetch is more
  // than a few seconds old). UNAVAILABLE when the department service cannot be reached and no
  // copy exists yet.
  absl::Status Refresh(bool force);
  absl::StatusOr<std::map<std::string, Unit>> Fetch();

  DepartmentDirectoryOptions options_;
  std::mutex mu_;
  std::shared_ptr<const std::map<std::string, Unit>> units_;
  std::map<std::string, std::vector<std::string>> children_;
  absl::Time fetched_ = absl::InfinitePast();
};

}  // namespace fazhi::directory

#endif  // FAZHI_COMMON_DIRECTORY_DEPARTMENT_DIRECTORY_H_
