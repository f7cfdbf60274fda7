// fazhi-department: the unit registry, power lists and delegations, officers and certificates.

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "common/grpc/server.h"
#include "common/log/log.h"
#include "services/department/api/department_service.h"
#include "services/department/api/officer_service.h"
#include "services/department/api/power_service.h"
#include "services/department/store/department_store.h"
#include "services/department/store/officer_store.h"
#include "services/department/store/power_store.h"
#include "services/department/store/relation_store.h"

ABSL_FLAG(int, unit_cache_ms, 1000,
          "How long GetDepartment may answer with a unit it read before without reading the "
          "database again: a write in this process drops every kept unit at once, a write on "
          "another replica shows within this long; 0 reads every time");

namespace {
// Units kept at once: every unit of a province's registry, well under 10 MB.
constexpr size_t kUnitCacheEntries = 20000;
}  // namespace

int main(int argc, char** argv) {
  using namespace fazhi;
  std::unique_ptr<department::UnitCache> units;
  std::unique_ptr<department::DepartmentStore> store;
  std::unique_ptr<department::RelationStore> relations;
  std::unique_ptr<department::PowerStore> powers;
  std::unique_ptr<department::OfficerStore> officer_store;
  grpc_util::ServiceSpec spec{"department",
                              50051,
                              9451,
                              &department::Migrations(),
                              {department::v1::DepartmentService::service_full_name(),
                               department::v1::PowerListService::service_full_name(),
                               department::v1::OfficerService::service_full_name()}};
  return grpc_util::RunService(argc, argv, spec, [&](grpc_util::ServiceRuntime& runtime) {
    if (absl::GetFlag(FLAGS_unit_cache_ms) < 0) {
      log::Error("--unit_cache_ms (FAZHI_UNIT_CACHE_MS) must not be negative");
      std::exit(1);
    }
    units = std::make_unique<department::UnitCache>(
        absl::Milliseconds(absl::GetFlag(FLAGS_unit_cache_ms)), kUnitCacheEntries);
    store = std::make_unique<department::DepartmentStore>(
        runtime.database, [cache = units.get()] { cache->Invalidate(); });
    relations = std::make_unique<department::RelationStore>(runtime.database);
    std::vector<std::unique_ptr<grpc::Service>> services;
    services.push_back(std::make_unique<department::DepartmentServiceImpl>(
        runtime.calls, store.get(), relations.get(), runtime.page_tokens, units.get()));
    powers = std::make_unique<department::PowerStore>(runtime.database);
    services.push_back(std::make_unique<department::PowerListServiceImpl>(
        runtime.calls, powers.get(), store.get(), runtime.page_tokens));
    officer_store = std::make_unique<department::OfficerStore>(runtime.database);
    services.push_back(std::make_unique<department::OfficerServiceImpl>(
        runtime.calls, officer_store.get(), runtime.page_tokens));
    // Own-department rules that name a power item or an officer are judged by its unit.
    runtime.record_resolver = [&](absl::string_view kind,
                                  absl::string_view id) -> absl::StatusOr<std::string> {
      if (kind == "power_item") {
        absl::StatusOr<std::optional<department::PowerItem>> item = powers->GetItem(id);
        if (!item.ok()) return item.status();
        if (!item->has_value()) return absl::NotFoundError("no such power item");
        return (*item)->department_id;
      }
      if (kind == "officer") {
        absl::StatusOr<std::optional<department::Officer>> officer = officer_store->GetOfficer(id);
        if (!officer.ok()) return officer.status();
        if (!officer->has_value()) return absl::NotFoundError("no such officer");
        return (*officer)->department_id;
      }
      return absl::InternalError(absl::StrCat("no resolver for records of kind ", kind));
    };
    return services;
  });
}
