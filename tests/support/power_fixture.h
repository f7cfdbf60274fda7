#ifndef FAZHI_TESTS_SUPPORT_POWER_FIXTURE_H_
#define FAZHI_TESTS_SUPPORT_POWER_FIXTURE_H_

// A valid CreatePowerItemRequest for unit (a penalty item under 行政处罚法, added by
// 济管〔2021〕7号 on 2021-03-01), for tests that need a power item and do not care which.

#include <string>

#include "fazhi/department/v1/power.pb.h"

namespace fazhi::testing {

inline department::v1::CreatePowerItemRequest NewPowerItem(const std::string& unit,
                                                           const std::string& item_id,
                                                           const std::string& code) {
  department::v1::CreatePowerItemRequest request;
  request.set_item_id(item_id);
  department::v1::PowerItem* item = request.mutable_item();
  item->set_department_id(unit);
  item->set_code(code);
  item->set_name("对违法行为的行政处罚");
  item->set_category(department::v1::POWER_CATEGORY_PENALTY);
  item->add_legal_basis()->set_law("《中华人民共和国行政处罚法》");
  request.mutable_adjustment()->set_reason("新增");
  request.mutable_adjustment()->set_document("济管〔2021〕7号");
  request.mutable_adjustment()->mutable_date()->set_year(2021);
  request.mutable_adjustment()->mutable_date()->set_month(3);
  request.mutable_adjustment()->mutable_date()->set_day(1);
  return request;
}

}  // namespace fazhi::testing

#endif  // FAZHI_TESTS_SUPPORT_POWER_FIXTURE_H_
