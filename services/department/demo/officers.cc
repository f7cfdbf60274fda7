#include "services/department/demo/officers.h"

#include <grpcpp/grpcpp.h>

#include <chrono>

#include "absl/strings/str_cat.h"

namespace fazhi::department::demo {
namespace {

struct DemoOfficer {
  const char* id;
  const char* department;
  const char* name;
  const char* id_number;  // synthetic; "" when not on file
  const char* certificate;
  int issue_ymd;
  int expiry_ymd;
};

// Certificates 豫济执法字第NNNN号 are numbered by the city (司法局 issues them); the 2017-series
// digits-only number is the format the province used before.
constexpr DemoOfficer kOfficers[] = {
    {"sthjj-wangjianjun", "jiyuan-sthjj", "王建军", "410881197806123414", "豫济执法字第0101号",
     20190315, 20240314},
    {"sthjj-lixiuying", "jiyuan-sthjj", "李秀英", "410881198503249807", "豫济执法字第0102号",
     20210104, 20301231},
    {"sthjj-zhangwei", "jiyuan-sthjj", "张伟", "", "豫济执法字第0103号", 20210104, 20301231},
    {"scjgj-liuyang", "jiyuan-scjgj", "刘洋", "410881199009071649", "豫济执法字第0201号", 20200601,
     20301231},
    {"scjgj-chenjing", "jiyuan-scjgj", "陈静", "", "豫济执法字第0202号", 20200601, 20301231},
    {"scjgj-yangfan", "jiyuan-scjgj", "杨帆", "410881198211184140", "豫济执法字第0203号", 20210901,
     20310831},
    {"cgj-zhaolei", "jiyuan-cgj", "赵磊", "410881197502036768", "豫济执法字第0301号", 20190701,
     20290630},
    {"cgj-huangmin", "jiyuan-cgj", "黄敏", "", "豫济执法字第0302号", 20210315, 20310314},
    {"zrzyj-zhouqiang", "jiyuan-zrzyj", "周强", "410881198807300595", "豫济执法字第0401号",
     20200110, 20300109},
    {"zrzyj-wuting", "jiyuan-zrzyj", "吴婷", "", "41900117000456", 20170801, 20211231},
    {"yjj-xujun", "jiyuan-yjj", "徐军", "410881199304150841", "豫济执法字第0501号", 20210520,
     20310519},
    {"yjj-sunli", "jiyuan-yjj", "孙丽", "", "豫济执法字第0502号", 20210520, 20310519},
    {"kejing-maqiang", "jiyuan-kejing", "马强", "410881198001018507", "豫济执法字第1101号",
     20210810, 20310809},
    {"kejing-zhuhong", "jiyuan-kejing", "朱红", "", "豫济执法字第1102号", 20210810, 20310809},
    {"kejing-huyong", "jiyuan-kejing", "胡勇", "410881198709225587", "豫济执法字第1103号", 20210810,
     20310809},
    {"wulongkou-guojie", "jiyuan-wulongkou", "郭杰", "", "豫济执法字第1201号", 20210810, 20310809},
    {"wulongkou-linna", "jiyuan-wulongkou", "林娜", "410881199112051064", "豫济执法字第1202号",
     20210810, 20310809},
    {"chengliu-hepeng", "jiyuan-chengliu", "何鹏", "", "豫济执法字第1401号", 20210810, 20310809},
    {"chengliu-gaoyan", "jiyuan-chengliu", "高燕", "410881197908173842", "豫济执法字第1402号",
     20210810, 20310809},
    {"qinyuan-luoming", "jiyuan-qinyuan", "罗明", "", "豫济执法字第2101号", 20210901, 20310831},
    {"qinyuan-zhengxia", "jiyuan-qinyuan", "郑霞", "410881198405266064", "豫济执法字第2102号",
     20210901, 20310831},
    // Registered, certificate still to be applied for.
    {"qinyuan-xieyu", "jiyuan-qinyuan", "谢宇", "", "", 0, 0},
    // The environment bureau's longest-serving officer: the demo cases it filed late in 2020 and
    // decided in 2021 need two certificates valid in 2020.
    {"sthjj-liugang", "jiyuan-sthjj", "刘刚", "", "豫济执法字第0104号", 20180502, 20280501},
    // Two officers each in the other units whose case files the 2021 案卷评查 drew (20 units in
    // all); the towns' since the province's delegation of August 2021.
    {"zjj-songtao", "jiyuan-zjj", "宋涛", "", "豫济执法字第0601号", 20200301, 20300228},
    {"zjj-hanxue", "jiyuan-zjj", "韩雪", "", "豫济执法字第0602号", 20200301, 20300228},
    {"rsj-fengjun", "jiyuan-rsj", "冯军", "", "豫济执法字第0701号", 20200415, 20300414},
    {"rsj-caoli", "jiyuan-rsj", "曹丽", "", "豫济执法字第0702号", 20200415, 20300414},
    {"mzzjj-pengbo", "jiyuan-mzzjj", "彭波", "", "豫济执法字第0801号", 20200520, 20300519},
    {"mzzjj-zenghui", "jiyuan-mzzjj", "曾慧", "", "豫济执法字第0802号", 20200520, 20300519},
    {"zhicheng-xiaofeng", "jiyuan-zhicheng", "肖峰", "", "豫济执法字第1301号", 20210810, 20310809},
    {"zhicheng-tianjing", "jiyuan-zhicheng", "田静", "", "豫济执法字第1302号", 20210810, 20310809},
    {"shaoyuan-dongliang", "jiyuan-shaoyuan", "董亮", "", "豫济执法字第1501号", 20210810, 20310809},
    {"shaoyuan-yuanfang", "jiyuan-shaoyuan", "袁芳", "", "豫济执法字第1502号", 20210810, 20310809},
    {"potou-pandong", "jiyuan-potou", "潘东", "", "豫济执法字第1601号", 20210810, 20310809},
    {"potou-duyan", "jiyuan-potou", "杜艳", "", "豫济执法字第1602号", 20210810, 20310809},
    {"lilin-jiangbin", "jiyuan-lilin", "蒋斌", "", "豫济执法字第1701号", 20210810, 20310809},
    {"lilin-cuihong", "jiyuan-lilin", "崔红", "", "豫济执法字第1702号", 20210810, 20310809},
    {"dayu-renkai", "jiyuan-dayu", "任凯", "", "豫济执法字第1801号", 20210810, 20310809},
    {"dayu-yaoli", "jiyuan-dayu", "姚丽", "", "豫济执法字第1802号", 20210810, 20310809},
    {"sili-liaowen", "jiyuan-sili", "廖文", "", "豫济执法字第2301号", 20210810, 20310809},
    {"sili-fanling", "jiyuan-sili", "范玲", "", "豫济执法字第2302号", 20210810, 20310809},
    {"wangwu-fangyi", "jiyuan-wangwu", "方毅", "", "豫济执法字第2001号", 20210810, 20310809},
    {"wangwu-shiqin", "jiyuan-wangwu", "石琴", "", "豫济执法字第2002号", 20210810, 20310809},
    {"jishui-xiongwei", "jiyuan-jishui", "熊伟", "", "豫济执法字第2201号", 20210901, 20310831},
    {"jishui-jinmei", "jiyuan-jishui", "金梅", "", "豫济执法字第2202号", 20210901, 20310831},
};
static_assert(sizeof(kOfficers) / sizeof(kOfficers[0]) == kDemoOfficers);

enum class Change { kRenew, kSuspend, kReinstate, kRevoke };

struct DemoEvent {
  Change change;
  const char* certificate;
  int effective_ymd;
  int new_expiry_ymd;  // renewals only
  const char* reason;
};

// In order per certificate.
constexpr DemoEvent kEvents[] = {
    {Change::kRenew, "豫济执法字第0101号", 20240301, 20290314, "证件到期换发"},
    {Change::kSuspend, "豫济执法字第0103号", 20210607, 0, "涉嫌违规执法，停职检查"},
    {Change::kReinstate, "豫济执法字第0103号", 20210816, 0, "检查结束，未发现违法违纪问题"},
    {Change::kRevoke, "豫济执法字第0302号", 20211020, 0, "违法实施行政处罚，吊销行政执法证"},
    // 41900117000456 lapsed at the end of 2021 without a write: it is simply expired.
    {Change::kSuspend, "豫济执法字第1103号", 20220110, 0, "年度考核不合格，暂扣证件"},
    {Change::kReinstate, "豫济执法字第1103号", 20220315, 0, "补考合格"},
};

common::v1::Date Date(int ymd) {
  common::v1::Date d;
  d.set_year(ymd / 10000);
  d.set_month(ymd / 100 % 100);
  d.set_day(ymd % 100);
  return d;
}

template <typename Request, typename Response>
absl::Status Call(grpc::Status (v1::OfficerService::StubInterface::*rpc)(grpc::ClientContext*,
                                                                         const Request&, Response*),
                  v1::OfficerService::StubInterface& stub, const Request& request,
                  absl::string_view what) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  Response response;
  grpc::Status status = (stub.*rpc)(&context, request, &response);
  if (!status.ok()) {
    return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                        absl::StrCat(what, ": ", status.error_message()));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<int> LoadDemoOfficers(v1::OfficerService::StubInterface& stub) {
  using Stub = v1::OfficerService::StubInterface;
  for (const DemoOfficer& o : kOfficers) {
    v1::CreateOfficerRequest create;
    create.set_officer_id(o.id);
    create.set_request_id(absl::StrCat("demo-officer-", o.id));
    create.mutable_officer()->set_department_id(o.department);
    create.mutable_officer()->set_name(o.name);
    create.mutable_officer()->set_id_number(o.id_number);
    if (absl::Status s = Call(&Stub::CreateOfficer, stub, create, o.id); !s.ok()) return s;
    if (o.certificate[0] == '\0') continue;
    v1::IssueCertificateRequest issue;
    issue.set_request_id(absl::StrCat("demo-issue-", o.id));
    issue.set_reason("经法律知识考试合格，准予核发");
    v1::Certificate* c = issue.mutable_certificate();
    c->set_number(o.certificate);
    c->set_officer_id(o.id);
    *c->mutable_issue_date() = Date(o.issue_ymd);
    *c->mutable_expiry_date() = Date(o.expiry_ymd);
    if (absl::Status s = Call(&Stub::IssueCertificate, stub, issue, o.certificate); !s.ok()) {
      return s;
    }
  }
  int n = 0;
  for (const DemoEvent& e : kEvents) {
    std::string request_id = absl::StrCat("demo-certificate-event-", ++n);
    absl::Status s;
    switch (e.change) {
      case Change::kRenew: {
        v1::RenewCertificateRequest r;
        r.set_number(e.certificate);
        *r.mutable_effective_date() = Date(e.effective_ymd);
        *r.mutable_new_expiry_date() = Date(e.new_expiry_ymd);
        r.set_reason(e.reason);
        r.set_request_id(request_id);
        s = Call(&Stub::RenewCertificate, stub, r, e.certificate);
        break;
      }
      case Change::kSuspend: {
        v1::SuspendCertificateRequest r;
        r.set_number(e.certificate);
        *r.mutable_effective_date() = Date(e.effective_ymd);
        r.set_reason(e.reason);
        r.set_request_id(request_id);
        s = Call(&Stub::SuspendCertificate, stub, r, e.certificate);
        break;
      }
      case Change::kReinstate: {
        v1::ReinstateCertificateRequest r;
        r.set_number(e.certificate);
        *r.mutable_effective_date() = Date(e.effective_ymd);
        r.set_reason(e.reason);
        r.set_request_id(request_id);
        s = Call(&Stub::ReinstateCertificate, stub, r, e.certificate);
        break;
      }
      case Change::kRevoke: {
        v1::RevokeCertificateRequest r;
        r.set_number(e.certificate);
        *r.mutable_effective_date() = Date(e.effective_ymd);
        r.set_reason(e.reason);
        r.set_request_id(request_id);
        s = Call(&Stub::RevokeCertificate, stub, r, e.certificate);
        break;
      }
    }
    if (!s.ok()) return s;
  }
  return kDemoOfficers;
}

}  // namespace fazhi::department::demo
