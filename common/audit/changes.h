#ifndef FAZHI_COMMON_AUDIT_CHANGES_H_
#define FAZHI_COMMON_AUDIT_CHANGES_H_

// How a change to a record is described, in the audit log and in domain histories alike: a JSON
// object of the record's fields, or of the fields that changed. Pure functions; no storage.

#include <string>
#include <utility>
#include <vector>

namespace fazhi::audit {

// A record's fields as display strings, in a stable order.
using Fields = std::vector<std::pair<std::string, std::string>>;

// {"field": "value", ...}
std::string CreationJson(const Fields& fields);
// {"field": {"from": "old", "to": "new"}, ...} for the fields that differ; "{}" when none do.
std::string ChangeJson(const Fields& before, const Fields& after);

}  // namespace fazhi::audit

#endif  // FAZHI_COMMON_AUDIT_CHANGES_H_
