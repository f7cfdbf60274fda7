#include "common/directory/department_directory.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/grpc/client.h"
#include "common/log/log.h"

namespace fazhi::directory {
namespace {

namespace pb = ::fazhi::department::v1;

constexpr absl::Duration kMinForcedRefresh = absl::Seconds(3);

}  // namespace

std::shared_ptr<grpc::Channel> DepartmentChannel(const DepartmentDirectoryOptions& options) {
  return grpc_util::MakeChannelWithTokenFile(options.address, options.tls, options.token_file);
}

DepartmentDirectory::DepartmentDirectory(DepartmentDirectoryOptions options)
    : DepartmentDirectory(options, DepartmentChannel(options)) {}

DepartmentDirectory::DepartmentDirectory(DepartmentDirectoryOptions options,
                                         std::shared_ptr<grpc::Channel> channel)
    : options_(std::move(options)), stub_(pb::DepartmentService::NewStub(std::move(channel))) {}

absl::StatusOr<std::map<std::string, Unit>> DepartmentDirectory::Fetch() {
  std::map<std::string, Unit> units;
  pb::ListDepartmentsRequest request;
  request.mutable_page()->set_page_size(1000);
  while (true) {
    std::unique_ptr<grpc::ClientContext> context =
        grpc_util::OutboundContext(options_.call_timeout);
    pb::ListDepartmentsResponse page;
    grpc::Status status = stub_->ListDepartments(context.get(), request, &page);
    if (!status.ok()) {
      return absl::UnavailableError(
          absl::StrCat("department service at ", options_.address, ": ", status.error_message()));
    }
    for (const pb::Department& d : page.departments()) {
      units[d.id()] = Unit{d.id(), d.parent_id(), static_cast<int>(d.kind()),
                           d.status() == pb::DEPARTMENT_STATUS_ACTIVE, d.name()};
    }
    if (page.page().next_page_token().empty()) return units;
    request.mutable_page()->set_page_token(page.page().next_page_token());
  }
}

absl::Status DepartmentDirectory::Refresh(bool force) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    absl::Duration age = absl::Now() - fetched_;
    if (units_ && age < options_.refresh_interval && (!force || age < kMinForcedRefresh)) {
      return absl::OkStatus();
    }
  }
  absl::StatusOr<std::map<std::string, Unit>> fetched = Fetch();
  std::lock_guard<std::mutex> lock(mu_);
  if (!fetched.ok()) {
    if (units_) {
      // Keep serving from the last copy: units change rarely, figures must keep flowing.
      log::Warning("cannot refresh the unit registry; using the last copy",
                   {{"error", fetched.status().message()}});
      fetched_ = absl::Now();
      return absl::OkStatus();
    }
    return fetched.status();
  }
  children_.clear();
  for (const auto& [id, unit] : *fetched) {
    if (!unit.parent_id.empty()) children_[unit.parent_id].push_back(id);
  }
  units_ = std::make_shared<const std::map<std::string, Unit>>(*std::move(fetched));
  fetched_ = absl::Now();
  return absl::OkStatus();
}

absl::StatusOr<std::optional<Unit>> DepartmentDirectory::Find(absl::string_view id) {
  if (absl::Status s = Refresh(false); !s.ok()) return s;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = units_->find(std::string(id));
    if (it != units_->end()) return std::optional<Unit>(it->second);
  }
  // A unit registered since the last copy: look again (rate-limited).
  if (absl::Status s = Refresh(true); !s.ok()) return s;
  std::lock_guard<std::mutex> lock(mu_);
  auto it = units_->find(std::string(id));
  if (it == units_->end()) return std::optional<Unit>();
  return std::optional<Unit>(it->second);
}

absl::StatusOr<std::vector<std::string>> DepartmentDirectory::Subtree(absl::string_view id) {
  absl::StatusOr<std::optional<Unit>> root = Find(id);
  if (!root.ok()) return root.status();
  if (!root->has_value()) {
    return absl::NotFoundError(absl::StrCat("department_id: no department with id '", id, "'"));
  }
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<std::string> out{std::string(id)};
  for (size_t i = 0; i < out.size() && out.size() < 100000; ++i) {
    auto it = children_.find(out[i]);
    if (it != children_.end()) out.insert(out.end(), it->second.begin(), it->second.end());
  }
  return out;
}

absl::StatusOr<std::vector<std::string>> DepartmentDirectory::SelfAndAncestors(
    absl::string_view id) {
  absl::StatusOr<std::optional<Unit>> unit = Find(id);
  if (!unit.ok()) return unit.status();
  std::vector<std::string> out;
  if (!unit->has_value()) return out;
  std::lock_guard<std::mutex> lock(mu_);
  std::string current(id);
  while (!current.empty() && out.size() < 64) {
    out.push_back(current);
    auto it = units_->find(current);
    current = it == units_->end() ? "" : it->second.parent_id;
  }
  return out;
}

}  // namespace fazhi::directory
