#include "services/department/api/power_service.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/api/etag.h"
#include "common/api/proto_time.h"
#include "common/grpc/interceptor.h"
#include "common/grpc/status.h"
#include "common/ids/ids.h"
#include "common/time/date.h"
#include "common/validation/text.h"
#include "services/department/app/powers.h"

namespace fazhi::department {
namespace {

using grpc_util::ToGrpcStatus;

absl::StatusOr<PowerCategory> CategoryFromProto(int value, absl::string_view field) {
  if (value < 0 || value > kMaxPowerCategory) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": unknown value ", value));
  }
  return static_cast<PowerCategory>(value);
}

v1::PowerItem ItemToProto(const PowerItem& item) {
  v1::PowerItem p;
  p.set_id(item.id);
  p.set_department_id(item.department_id);
  p.set_code(item.code);
  p.set_name(item.name);
  p.set_category(static_cast<v1::PowerCategory>(item.category));
  for (const LegalBasis& b : item.legal_basis) {
    v1::LegalBasis* out = p.add_legal_basis();
    out->set_law(b.law);
    out->set_article(b.article);
  }
  if (item.effective_date) *p.mutable_effective_date() = api::DateToProto(*item.effective_date);
  p.set_status(static_cast<v1::PowerItemStatus>(item.status));
  if (item.removed_date) *p.mutable_removed_date() = api::DateToProto(*item.removed_date);
  *p.mutable_create_time() = api::TimeToProto(item.create_time);
  *p.mutable_update_time() = api::TimeToProto(item.update_time);
  p.set_etag(api::FormatEtag(item.version));
  return p;
}

absl::StatusOr<PowerItem> ItemFromProto(const v1::PowerItem& p) {
  PowerItem item;
  item.id = p.id();
  item.department_id = p.department_id();
  item.code = p.code();
  item.name = p.name();
  absl::StatusOr<PowerCategory> category = CategoryFromProto(p.category(), "item.category");
  if (!category.ok()) return category.status();
  item.category = *category;
  for (const v1::LegalBasis& b : p.legal_basis()) {
    item.legal_basis.push_back(LegalBasis{b.law(), b.article()});
  }
  absl::StatusOr<std::optional<absl::CivilDay>> effective =
      api::OptionalDate(p.has_effective_date(), p.effective_date(), "item.effective_date");
  if (!effective.ok()) return effective.status();
  item.effective_date = *effective;
  return item;
}

absl::StatusOr<AdjustmentOrder> OrderFromProto(bool present, const v1::AdjustmentOrder& p) {
  if (!present) {
    return absl::InvalidArgumentError(
        "adjustment is required: every change to a power list records its reason, ordering "
        "document and date");
  }
  AdjustmentOrder order;
  order.reason = p.reason();
  order.document = p.document();
  absl::StatusOr<std::optional<absl::CivilDay>> date =
      api::OptionalDate(p.has_date(), p.date(), "adjustment.date");
  if (!date.ok()) return date.status();
  order.date = *date;
  return order;
}

v1::Delegation DelegationToProto(const Delegation& d) {
  v1::Delegation p;
  p.set_id(d.id);
  p.set_title(d.title);
  p.set_document(d.document);
  p.set_grantor_id(d.grantor_id);
  for (const std::string& id : d.power_item_ids) p.add_power_item_ids(id);
  for (const std::string& id : d.grantee_ids) p.add_grantee_ids(id);
  if (d.effective_date) *p.mutable_effective_date() = api::DateToProto(*d.effective_date);
  p.set_status(static_cast<v1::DelegationStatus>(d.status));
  if (d.revoked_date) *p.mutable_revoked_date() = api::DateToProto(*d.revoked_date);
  p.set_revoke_reason(d.revoke_reason);
  *p.mutable_create_time() = api::TimeToProto(d.create_time);
  *p.mutable_update_time() = api::TimeToProto(d.update_time);
  p.set_etag(api::FormatEtag(d.version));
  return p;
}

v1::PowerAdjustment AdjustmentToProto(const PowerAdjustment& a) {
  v1::PowerAdjustment p;
  p.set_id(a.id);
  p.set_power_item_id(a.power_item_id);
  p.set_department_id(a.department_id);
  p.set_kind(static_cast<v1::AdjustmentKind>(a.kind));
  p.set_reason(a.reason);
  p.set_document(a.document);
  *p.mutable_date() = api::DateToProto(a.date);
  p.set_actor(a.actor);
  *p.mutable_create_time() = api::TimeToProto(a.create_time);
  p.set_item_code(a.item_code);
  p.set_item_name(a.item_name);
  p.set_changes(a.changes);
  return p;
}

// A unit named in a read request must exist: an empty answer for a mistyped id would mislead.
absl::Status CheckUnitExists(DepartmentStore& departments, absl::string_view id,
                             absl::string_view field) {
  if (absl::Status s = validation::CheckId(id, field); !s.ok()) return s;
  absl::StatusOr<std::optional<Department>> d = departments.Get(id);
  if (!d.ok()) return d.status();
  if (!d->has_value()) {
    return absl::NotFoundError(absl::StrCat(field, ": no department with id '", id, "'"));
  }
  return absl::OkStatus();
}

// Runs one list rule in a transaction, audited for the caller, and answers with the result.
template <typename Proto, typename Record>
grpc::Status Respond(PowerStore& store, const grpc::ServerContextBase& context, Proto* response,
                     Proto (*to_proto)(const Record&),
                     const std::function<absl::StatusOr<Record>(PowerRepository&)>& rule) {
  absl::StatusOr<Record> result;
  absl::Status status =
      store.InTransaction(grpc_util::CurrentAuditContext(context), [&](PowerRepository& repo) {
        result = rule(repo);
        return result.status();
      });
  if (!status.ok()) return ToGrpcStatus(status);
  *response = to_proto(*result);
  return grpc::Status::OK;
}

// Answers a Get: the record, or NOT_FOUND naming the id.
template <typename Proto, typename Record>
grpc::Status RespondFound(const absl::StatusOr<std::optional<Record>>& found,
                          absl::string_view what, absl::string_view id,
                          Proto (*to_proto)(const Record&), Proto* response) {
  if (!found.ok()) return ToGrpcStatus(found.status());
  if (!found->has_value()) {
    return ToGrpcStatus(absl::NotFoundError(absl::StrCat("id: no ", what, " with id '", id, "'")));
  }
  *response = to_proto(**found);
  return grpc::Status::OK;
}

}  // namespace

grpc::ServerUnaryReactor* PowerListServiceImpl::CreatePowerItem(
    grpc::CallbackServerContext* context, const v1::CreatePowerItemRequest* request,
    v1::PowerItem* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    absl::StatusOr<PowerItem> draft = ItemFromProto(request->item());
    if (!draft.ok()) return ToGrpcStatus(draft.status());
    absl::StatusOr<AdjustmentOrder> order =
        OrderFromProto(request->has_adjustment(), request->adjustment());
    if (!order.ok()) return ToGrpcStatus(order.status());
    draft->id = request->item_id().empty() ? ids::NewResourceId("power") : request->item_id();
    app::Caller caller = grpc_util::CurrentCaller();
    return Respond<v1::PowerItem, PowerItem>(
        *powers_, *context, response, &ItemToProto,
        [&](PowerRepository& repo) -> absl::StatusOr<PowerItem> {
          absl::StatusOr<CreatedItem> created =
              AddPowerItem(repo, *draft, *order, request->request_id(), caller);
          if (!created.ok()) return created.status();
          return created->item;
        });
  });
}

grpc::ServerUnaryReactor* PowerListServiceImpl::GetPowerItem(grpc::CallbackServerContext* context,
                                                             const v1::GetPowerItemRequest* request,
                                                             v1::PowerItem* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    if (absl::Status s = validation::CheckId(request->id(), "id"); !s.ok()) return ToGrpcStatus(s);
    return RespondFound(powers_->GetItem(request->id()), "power item", request->id(), &ItemToProto,
                        response);
  });
}

grpc::ServerUnaryReactor* PowerListServiceImpl::ListPowerItems(
    grpc::CallbackServerContext* context, const v1::ListPowerItemsRequest* request,
    v1::ListPowerItemsResponse* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    absl::StatusOr<int> page_size = api::ResolvePageSize(request->page().page_size());
    if (!page_size.ok()) return ToGrpcStatus(page_size.status());
    if (absl::Status s = CheckUnitExists(*departments_, request->department_id(), "department_id");
        !s.ok()) {
      return ToGrpcStatus(s);
    }
    ItemFilter filter;
    filter.department_id = request->department_id();
    absl::StatusOr<PowerCategory> category = CategoryFromProto(request->category(), "category");
    if (!category.ok()) return ToGrpcStatus(category.status());
    filter.category = *category;
    if (!v1::PowerItemStatus_IsValid(request->status())) {
      return ToGrpcStatus(
          absl::InvalidArgumentError(absl::StrCat("status: unknown value ", request->status())));
    }
    filter.status = static_cast<PowerItemStatus>(request->status());
    std::string query = absl::StrCat("ListPowerItems|", filter.department_id, "|",
                                     request->category(), "|", request->status());
    absl::StatusOr<std::optional<std::vector<std::string>>> cursor =
        page_tokens_->DecodePage(request->page().page_token(), query, 1);
    if (!cursor.ok()) return ToGrpcStatus(cursor.status());
    absl::StatusOr<std::vector<PowerItem>> items =
        powers_->ListItems(filter, *cursor ? (**cursor)[0] : "", *page_size + 1);
    if (!items.ok()) return ToGrpcStatus(items.status());
    bool more = api::TrimToPage(*items, *page_size);
    for (const PowerItem& item : *items) *response->add_items() = ItemToProto(item);
    if (more) {
      response->mutable_page()->set_next_page_token(
          page_tokens_->Encode(query, {items->back().id}));
    }
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* PowerListServiceImpl::UpdatePowerItem(
    grpc::CallbackServerContext* context, const v1::UpdatePowerItemRequest* request,
    v1::PowerItem* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    absl::StatusOr<PowerItem> changes = ItemFromProto(request->item());
    if (!changes.ok()) return ToGrpcStatus(changes.status());
    absl::StatusOr<AdjustmentOrder> order =
        OrderFromProto(request->has_adjustment(), request->adjustment());
    if (!order.ok()) return ToGrpcStatus(order.status());
    std::vector<std::string> mask(request->update_mask().paths().begin(),
                                  request->update_mask().paths().end());
    app::Caller caller = grpc_util::CurrentCaller();
    return Respond<v1::PowerItem, PowerItem>(
        *powers_, *context, response, &ItemToProto, [&](PowerRepository& repo) {
          return ModifyPowerItem(repo, *changes, mask, request->item().etag(), *order, caller);
        });
  });
}

grpc::ServerUnaryReactor* PowerListServiceImpl::RemovePowerItem(
    grpc::CallbackServerContext* context, const v1::RemovePowerItemRequest* request,
    v1::PowerItem* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    absl::StatusOr<AdjustmentOrder> order =
        OrderFromProto(request->has_adjustment(), request->adjustment());
    if (!order.ok()) return ToGrpcStatus(order.status());
    app::Caller caller = grpc_util::CurrentCaller();
    return Respond<v1::PowerItem, PowerItem>(
        *powers_, *context, response, &ItemToProto, [&](PowerRepository& repo) {
          return department::RemovePowerItem(repo, request->id(), request->etag(), *order, caller);
        });
  });
}

grpc::ServerUnaryReactor* PowerListServiceImpl::CountPowerItems(
    grpc::CallbackServerContext* context, const v1::CountPowerItemsRequest* request,
    v1::CountPowerItemsResponse* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    if (absl::Status s = CheckUnitExists(*departments_, request->department_id(), "department_id");
        !s.ok()) {
      return ToGrpcStatus(s);
    }
    absl::StatusOr<std::optional<absl::CivilDay>> as_of =
        api::OptionalDate(request->has_as_of(), request->as_of(), "as_of");
    if (!as_of.ok()) return ToGrpcStatus(as_of.status());
    absl::StatusOr<std::vector<CategoryCount>> counts =
        powers_->CountItems(UnitScope{request->department_id(), request->include_descendants()},
                            as_of->value_or(time_util::TodayInChina()));
    if (!counts.ok()) return ToGrpcStatus(counts.status());
    for (const CategoryCount& c : *counts) {
      v1::CategoryCount* out = response->add_by_category();
      out->set_category(static_cast<v1::PowerCategory>(c.category));
      out->set_count(c.count);
      response->set_total(response->total() + c.count);
    }
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* PowerListServiceImpl::ListPowerAdjustments(
    grpc::CallbackServerContext* context, const v1::ListPowerAdjustmentsRequest* request,
    v1::ListPowerAdjustmentsResponse* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    absl::StatusOr<int> page_size = api::ResolvePageSize(request->page().page_size());
    if (!page_size.ok()) return ToGrpcStatus(page_size.status());
    AdjustmentFilter filter;
    if (!request->department_id().empty()) {
      if (absl::Status s =
              CheckUnitExists(*departments_, request->department_id(), "department_id");
          !s.ok()) {
        return ToGrpcStatus(s);
      }
    } else if (request->include_descendants()) {
      return ToGrpcStatus(absl::InvalidArgumentError("include_descendants needs department_id"));
    }
    filter.scope = UnitScope{request->department_id(), request->include_descendants()};
    if (request->has_period()) {
      const auto& period = request->period();
      if (period.type() < 1 || period.type() > 4) {
        return ToGrpcStatus(
            absl::InvalidArgumentError("period.type is required (YEAR, HALF, QUARTER or MONTH)"));
      }
      absl::StatusOr<time_util::DayRange> days =
          time_util::PeriodDays(static_cast<time_util::PeriodType>(period.type()), period.year(),
                                period.index(), "period");
      if (!days.ok()) return ToGrpcStatus(days.status());
      filter.first_day = days->first;
      filter.last_day = days->last;
    }
    if (!v1::AdjustmentKind_IsValid(request->kind())) {
      return ToGrpcStatus(
          absl::InvalidArgumentError(absl::StrCat("kind: unknown value ", request->kind())));
    }
    filter.kind = static_cast<AdjustmentKind>(request->kind());
    std::string query = absl::StrCat("ListPowerAdjustments|", request->department_id(), "|",
                                     request->include_descendants(), "|",
                                     request->period().ShortDebugString(), "|", request->kind());
    absl::StatusOr<std::optional<std::vector<std::string>>> cursor =
        page_tokens_->DecodePage(request->page().page_token(), query, 2);
    if (!cursor.ok()) return ToGrpcStatus(cursor.status());
    std::optional<AdjustmentCursor> after;
    if (*cursor) {
      AdjustmentCursor c;
      if (!absl::SimpleAtoi((**cursor)[0], &c.date_ymd)) {
        return ToGrpcStatus(absl::InvalidArgumentError("page.page_token is malformed"));
      }
      c.id = (**cursor)[1];
      after = c;
    }
    absl::StatusOr<std::vector<PowerAdjustment>> adjustments =
        powers_->ListAdjustments(filter, after, *page_size + 1);
    if (!adjustments.ok()) return ToGrpcStatus(adjustments.status());
    absl::StatusOr<AdjustmentSummary> summary = powers_->SummarizeAdjustments(filter);
    if (!summary.ok()) return ToGrpcStatus(summary.status());
    bool more = api::TrimToPage(*adjustments, *page_size);
    for (const PowerAdjustment& a : *adjustments)
      *response->add_adjustments() = AdjustmentToProto(a);
    v1::AdjustmentSummary* out = response->mutable_summary();
    out->set_department_count(summary->department_count);
    out->set_item_count(summary->item_count);
    out->set_adjustment_count(summary->adjustment_count);
    for (const DepartmentAdjustmentCount& c : summary->by_department) {
      v1::DepartmentAdjustments* row = out->add_by_department();
      row->set_department_id(c.department_id);
      row->set_item_count(c.item_count);
      row->set_adjustment_count(c.adjustment_count);
      row->set_added(c.added);
      row->set_modified(c.modified);
      row->set_removed(c.removed);
    }
    if (more) {
      const PowerAdjustment& last = adjustments->back();
      response->mutable_page()->set_next_page_token(
          page_tokens_->Encode(query, {absl::StrCat(time_util::ToYmd(last.date)), last.id}));
    }
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* PowerListServiceImpl::CreateDelegation(
    grpc::CallbackServerContext* context, const v1::CreateDelegationRequest* request,
    v1::Delegation* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    const v1::Delegation& p = request->delegation();
    Delegation draft;
    draft.id = request->delegation_id().empty() ? ids::NewResourceId("delegation")
                                                : request->delegation_id();
    draft.title = p.title();
    draft.document = p.document();
    draft.grantor_id = p.grantor_id();
    draft.power_item_ids.assign(p.power_item_ids().begin(), p.power_item_ids().end());
    draft.grantee_ids.assign(p.grantee_ids().begin(), p.grantee_ids().end());
    absl::StatusOr<std::optional<absl::CivilDay>> effective =
        api::OptionalDate(p.has_effective_date(), p.effective_date(), "delegation.effective_date");
    if (!effective.ok()) return ToGrpcStatus(effective.status());
    draft.effective_date = *effective;
    app::Caller caller = grpc_util::CurrentCaller();
    return Respond<v1::Delegation, Delegation>(
        *powers_, *context, response, &DelegationToProto,
        [&](PowerRepository& repo) -> absl::StatusOr<Delegation> {
          absl::StatusOr<CreatedDelegation> created =
              department::CreateDelegation(repo, draft, request->request_id(), caller);
          if (!created.ok()) return created.status();
          return created->delegation;
        });
  });
}

grpc::ServerUnaryReactor* PowerListServiceImpl::GetDelegation(
    grpc::CallbackServerContext* context, const v1::GetDelegationRequest* request,
    v1::Delegation* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    if (absl::Status s = validation::CheckId(request->id(), "id"); !s.ok()) return ToGrpcStatus(s);
    return RespondFound(powers_->GetDelegation(request->id()), "delegation", request->id(),
                        &DelegationToProto, response);
  });
}

grpc::ServerUnaryReactor* PowerListServiceImpl::ListDelegations(
    grpc::CallbackServerContext* context, const v1::ListDelegationsRequest* request,
    v1::ListDelegationsResponse* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    absl::StatusOr<int> page_size = api::ResolvePageSize(request->page().page_size());
    if (!page_size.ok()) return ToGrpcStatus(page_size.status());
    if (!request->grantee_id().empty()) {
      if (absl::Status s = CheckUnitExists(*departments_, request->grantee_id(), "grantee_id");
          !s.ok()) {
        return ToGrpcStatus(s);
      }
    }
    if (!request->power_item_id().empty()) {
      if (absl::Status s = validation::CheckId(request->power_item_id(), "power_item_id");
          !s.ok()) {
        return ToGrpcStatus(s);
      }
    }
    std::string query =
        absl::StrCat("ListDelegations|", request->grantee_id(), "|", request->power_item_id());
    absl::StatusOr<std::optional<std::vector<std::string>>> cursor =
        page_tokens_->DecodePage(request->page().page_token(), query, 1);
    if (!cursor.ok()) return ToGrpcStatus(cursor.status());
    absl::StatusOr<std::vector<Delegation>> list =
        powers_->ListDelegations(request->grantee_id(), request->power_item_id(),
                                 *cursor ? (**cursor)[0] : "", *page_size + 1);
    if (!list.ok()) return ToGrpcStatus(list.status());
    bool more = api::TrimToPage(*list, *page_size);
    for (const Delegation& d : *list) *response->add_delegations() = DelegationToProto(d);
    if (more) {
      response->mutable_page()->set_next_page_token(page_tokens_->Encode(query, {list->back().id}));
    }
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* PowerListServiceImpl::RevokeDelegation(
    grpc::CallbackServerContext* context, const v1::RevokeDelegationRequest* request,
    v1::Delegation* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    absl::StatusOr<std::optional<absl::CivilDay>> effective = api::OptionalDate(
        request->has_effective_date(), request->effective_date(), "effective_date");
    if (!effective.ok()) return ToGrpcStatus(effective.status());
    app::Caller caller = grpc_util::CurrentCaller();
    return Respond<v1::Delegation, Delegation>(
        *powers_, *context, response, &DelegationToProto, [&](PowerRepository& repo) {
          return department::RevokeDelegation(repo, request->id(), request->etag(), *effective,
                                              request->reason(), caller);
        });
  });
}

grpc::ServerUnaryReactor* PowerListServiceImpl::ListHeldPowers(
    grpc::CallbackServerContext* context, const v1::ListHeldPowersRequest* request,
    v1::ListHeldPowersResponse* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    absl::StatusOr<int> page_size = api::ResolvePageSize(request->page().page_size());
    if (!page_size.ok()) return ToGrpcStatus(page_size.status());
    if (absl::Status s = CheckUnitExists(*departments_, request->department_id(), "department_id");
        !s.ok()) {
      return ToGrpcStatus(s);
    }
    absl::StatusOr<std::optional<absl::CivilDay>> as_of =
        api::OptionalDate(request->has_as_of(), request->as_of(), "as_of");
    if (!as_of.ok()) return ToGrpcStatus(as_of.status());
    absl::CivilDay day = as_of->value_or(time_util::TodayInChina());
    absl::StatusOr<PowerCategory> category = CategoryFromProto(request->category(), "category");
    if (!category.ok()) return ToGrpcStatus(category.status());
    std::string query = absl::StrCat("ListHeldPowers|", request->department_id(), "|",
                                     time_util::ToYmd(day), "|", request->category());
    absl::StatusOr<std::optional<std::vector<std::string>>> cursor =
        page_tokens_->DecodePage(request->page().page_token(), query, 2);
    if (!cursor.ok()) return ToGrpcStatus(cursor.status());
    std::optional<HeldCursor> after;
    if (*cursor) after = HeldCursor{(**cursor)[0], (**cursor)[1]};
    absl::StatusOr<std::vector<HeldPower>> held =
        powers_->ListHeldPowers(request->department_id(), day, *category, after, *page_size + 1);
    if (!held.ok()) return ToGrpcStatus(held.status());
    bool more = api::TrimToPage(*held, *page_size);
    for (const HeldPower& h : *held) {
      v1::HeldPower* out = response->add_powers();
      *out->mutable_item() = ItemToProto(h.item);
      out->set_delegation_id(h.delegation_id);
      out->set_delegation_document(h.delegation_document);
      out->set_grantor_id(h.grantor_id);
      *out->mutable_held_since() = api::DateToProto(h.held_since);
    }
    if (more) {
      response->mutable_page()->set_next_page_token(
          page_tokens_->Encode(query, {held->back().item.id, held->back().delegation_id}));
    }
    return grpc::Status::OK;
  });
}

}  // namespace fazhi::department
