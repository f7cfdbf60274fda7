// The unit scope of a request (common/directory/unit_directory): a unit alone or with its subtree.

#include "common/directory/unit_directory.h"

#include <map>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace fazhi::directory {
namespace {

using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;

// A registry held in memory: 市政府 with two bureaus, one of them with a team below it.
class FakeDirectory : public UnitDirectory {
 public:
  FakeDirectory() {
    Add("city", "");
    Add("bureau-a", "city");
    Add("team-a1", "bureau-a");
    Add("bureau-b", "city");
  }

  absl::StatusOr<std::optional<Unit>> Find(absl::string_view id) override {
    if (!reachable) return absl::UnavailableError("department service down");
    auto it = units_.find(std::string(id));
    if (it == units_.end()) return std::optional<Unit>();
    return std::optional<Unit>(it->second);
  }

  absl::StatusOr<std::vector<std::string>> Subtree(absl::string_view id) override {
    std::vector<std::string> out{std::string(id)};
    for (size_t i = 0; i < out.size(); ++i) {
      for (const auto& [child, unit] : units_) {
        if (unit.parent_id == out[i]) out.push_back(child);
      }
    }
    return out;
  }

  absl::StatusOr<std::vector<std::string>> SelfAndAncestors(absl::string_view) override {
    return std::vector<std::string>{};
  }

  bool reachable = true;

 private:
  void Add(const std::string& id, const std::string& parent) {
    units_[id] = Unit{id, parent, 0, true, id};
  }

  std::map<std::string, Unit> units_;
};

TEST(UnitOrSubtreeTest, TheUnitAloneWithoutDescendants) {
  FakeDirectory units;
  absl::StatusOr<std::vector<std::string>> scope =
      UnitOrSubtree(units, "bureau-a", false, "department_id");
  ASSERT_TRUE(scope.ok()) << scope.status();
  EXPECT_THAT(*scope, ElementsAre("bureau-a"));
}

TEST(UnitOrSubtreeTest, TheUnitAndEveryUnitBelowItWithDescendants) {
  FakeDirectory units;
  absl::StatusOr<std::vector<std::string>> scope =
      UnitOrSubtree(units, "bureau-a", true, "department_id");
  ASSERT_TRUE(scope.ok()) << scope.status();
  EXPECT_THAT(*scope, UnorderedElementsAre("bureau-a", "team-a1"));

  scope = UnitOrSubtree(units, "city", true, "department_id");
  ASSERT_TRUE(scope.ok()) << scope.status();
  EXPECT_THAT(*scope, UnorderedElementsAre("city", "bureau-a", "team-a1", "bureau-b"));
}

TEST(UnitOrSubtreeTest, AnUnknownUnitIsNotFoundNamingTheField) {
  FakeDirectory units;
  for (bool include_descendants : {false, true}) {
    absl::StatusOr<std::vector<std::string>> scope =
        UnitOrSubtree(units, "nowhere", include_descendants, "filter.department_id");
    EXPECT_EQ(scope.status().code(), absl::StatusCode::kNotFound);
    EXPECT_EQ(scope.status().message(), "filter.department_id: no department with id 'nowhere'");
  }
}

TEST(UnitOrSubtreeTest, AnUnreachableRegistryIsPassedOn) {
  FakeDirectory units;
  units.reachable = false;
  absl::StatusOr<std::vector<std::string>> scope =
      UnitOrSubtree(units, "bureau-a", true, "department_id");
  EXPECT_EQ(scope.status().code(), absl::StatusCode::kUnavailable);
}

}  // namespace
}  // namespace fazhi::directory
