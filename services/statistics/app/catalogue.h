#ifndef FAZHI_SERVICES_STATISTICS_APP_CATALOGUE_H_
#define FAZHI_SERVICES_STATISTICS_APP_CATALOGUE_H_

// The catalogue use cases: indicators (created, read, listed a page at a time, updated under their
// etag) and the reporting obligations that say which kinds of unit owe which figures, when. The
// field rules live in domain/indicator; the store writes each change with its audit entry.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/api/paging.h"
#include "common/app/caller.h"
#include "services/statistics/app/catalogue_ports.h"
#include "services/statistics/domain/indicator.h"

namespace fazhi::statistics {

// An update of the indicator changes.code: each of fields (named as in
// fazhi.statistics.v1.Indicator, the request's update_mask) takes its value from changes.
struct IndicatorUpdate {
  Indicator changes;
  std::vector<std::string> fields;
  // The etag the caller read; the update is refused unless it names the stored version.
  std::string etag;
};

struct IndicatorPage {
  std::vector<Indicator> indicators;
  // Empty on the last page.
  std::string next_page_token;
};

class Catalogue {
 public:
  Catalogue(CatalogueStore* store, const api::PageTokenCodec* page_tokens)
      : store_(store), page_tokens_(page_tokens) {}

  // Stores indicator as version 1, created by the caller now. INVALID_ARGUMENT naming the field
  // (indicator.*) for a value the domain refuses, or for a ratio whose numerator or denominator is
  // not a count indicator of the catalogue; ALREADY_EXISTS for a code taken.
  absl::StatusOr<Indicator> Create(const app::Caller& caller, Indicator indicator);
  // INVALID_ARGUMENT for a malformed code; NOT_FOUND naming code.
  absl::StatusOr<Indicator> Get(absl::string_view code);
  // A page of the catalogue by code, of one report section unless it is empty. page_size 0 is
  // the default; page_token is the previous page's next_page_token, "" for the first page.
  absl::StatusOr<IndicatorPage> List(absl::string_view report_section, int page_size,
                                     absl::string_view page_token);
  // NOT_FOUND naming indicator.code; INVALID_ARGUMENT for no fields, a field that cannot change
  // (the code and value type never do) or a value the domain refuses; ABORTED when the etag is
  // stale (checked last, so a request wrong in its fields says so first).
  absl::StatusOr<Indicator> Update(const app::Caller& caller, const IndicatorUpdate& update);
  // Sets what units of a kind owe for an indicator's periods of a type. INVALID_ARGUMENT naming
  // the obligation.* field: an unknown indicator, a kind that is not a DepartmentKind, a period
  // type the indicator is not reported for, or due_days outside 0 to 366.
  absl::StatusOr<Obligation> SetObligation(const app::Caller& caller, const Obligation& obligation);
  // Every obligation, or those of one indicator; INVALID_ARGUMENT naming indicator_code for a
  // code that is not one.
  absl::StatusOr<std::vector<Obligation>> ListObligations(absl::string_view indicator_code);

 private:
  CatalogueStore* store_;
  const api::PageTokenCodec* page_tokens_;
};

}  // namespace fazhi::statistics

#endif  // FAZHI_SERVICES_STATISTICS_APP_CATALOGUE_H_
