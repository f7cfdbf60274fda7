#ifndef FAZHI_TESTS_INTEGRATION_SEED_REPORT_FIGURES_H_
#define FAZHI_TESTS_INTEGRATION_SEED_REPORT_FIGURES_H_

// The figures of the seed report (济源市人民政府关于2021年度法治政府建设情况的报告,
// /work/shared/seeds/000_5af3f402be7dec5e.txt) as it prints them, each with a few characters of
// its context so that it occurs once in its section. Every phrase is copied from the seed's text
// and holds a figure that a placeholder of services/reports/demo/jiyuan_2021_sections.tsv prints
// (from the statistics demo or, for 生态环境局's cases, the cases demo); figures that stay prose
// (dates, document numbers, 2个小时, 10千伏, 十个单位, 3倍 and the like) are not listed.
//
// The acceptance test renders the demo report of jiyuan for 2021 from the template
// henan-city-2021 with that prose and checks that each phrase appears in the section named.
// The seed's own slips are here as it prints them (共计406件, 审结145件, 33.7%的案件纠纷): the
// validation rules flag them, the text keeps them.

#include <cstddef>

namespace fazhi::testing {

struct SeedFigure {
  // The section key of services/reports/templates/henan-city-2021.json.
  const char* section_key;
  // The figure as printed, with its context (UTF-8).
  const char* phrase;
};

inline constexpr SeedFigure kSeedReportFigures[] = {
    // 一（一）加强组织领导.
    {"work.leadership", "法治建设工作汇报2次"},
    {"work.leadership", "集中学法4次"},
    {"work.leadership", "研究法治政府建设工作4次"},
    // 一（二）依法全面履行政府职能.
    {"work.functions", "率先实现1600多个事项"},
    {"work.functions", "2453项政务服务事项"},
    {"work.functions", "压缩了85%"},
    {"work.functions", "实现2721个事项“网上办”"},
    {"work.functions", "2240个事项一网通办"},
    {"work.functions", "接入事项210个"},
    {"work.functions", "用户普及率达到60%"},
    {"work.functions", "梳理了100项通办事项"},
    {"work.functions", "实现37个事项点对点通办"},
    {"work.functions", "30余项业务与长三角"},
    {"work.functions", "等15个重点民生领域"},
    {"work.functions", "的87项证明事项"},
    {"work.functions", "对17个单位的"},
    {"work.functions", "736项权责事项"},
    {"work.functions", "县(市)的255项"},
    {"work.functions", "对42个单位进行了督导检查"},
    {"work.functions", "19个职能部门"},
    {"work.functions", "任务723项"},
    {"work.functions", "双随机抽查35次"},
    {"work.functions", "抽查市场主体8600家"},
    {"work.functions", "涵盖36个行业"},
    {"work.functions", "3367家企业"},
    {"work.functions", "归集涉企信息22.8万条"},
    {"work.functions", "列入经营异常2476家"},
    {"work.functions", "移出经营异常名录企业1111条"},
    {"work.functions", "移出严重违法失信企业46条"},
    {"work.functions", "排查规范性文件365件"},
    {"work.functions", "反不正当竞争案件13起"},
    {"work.functions", "环境违法行为200余起"},
    {"work.functions", "处罚决定近200起"},
    {"work.functions", "罚款金额1500余万元"},
    {"work.functions", "已收缴罚款500余万元"},
    {"work.functions", "决定书》10份"},
    {"work.functions", "查封扣押案件12起"},
    {"work.functions", "行政拘留案件17起"},
    {"work.functions", "污染环境犯罪案件5起"},
    {"work.functions", "影像设备1873台"},
    {"work.functions", "累计扫码1680.7万余人次"},
    // 一（三）推进机制建设.
    {"work.mechanisms", "出台规范性文件17件"},
    {"work.mechanisms", "现行有效的283件文件"},
    {"work.mechanisms", "需修改的文件5件"},
    {"work.mechanisms", "失效的文件32件"},
    {"work.mechanisms", "在10个试点单位"},
    {"work.mechanisms", "常务会议议题177件"},
    {"work.mechanisms", "主任办公会议议题35件"},
    {"work.mechanisms", "(管委会)文件85件"},
    {"work.mechanisms", "其他涉法事务67件"},
    {"work.mechanisms", "共计406件"},
    {"work.mechanisms", "合法性审查意见书92件"},
    // 一（四）强化规范执法.
    {"work.enforcement", "镇和街道60项、"},
    {"work.enforcement", "、30项行政处罚权"},
    {"work.enforcement", "19个执法单位"},
    {"work.enforcement", "不予处罚事项452项"},
    {"work.enforcement", "减轻处罚事项5项"},
    {"work.enforcement", "全市1500余名执法人员"},
    {"work.enforcement", "对18个重点执法部门"},
    {"work.enforcement", "组织12个重点执法单位"},
    {"work.enforcement", "重大行政处罚案件123件"},
    {"work.enforcement", "审查112件"},
    {"work.enforcement", "整改建议40余项"},
    {"work.enforcement", "抽取了20个单位"},
    {"work.enforcement", "50余本行政处罚案卷"},
    {"work.enforcement", "共办理2起"},
    {"work.enforcement", "监督意见书》2份"},
    {"work.enforcement", "20个单位进行了梳理"},
    {"work.enforcement", "梳理风险点405项"},
    // 一（五）自觉接受监督.
    {"work.supervision", "审计调查项目42个"},
    {"work.supervision", "审计署统一组织项目7个"},
    {"work.supervision", "省审计厅统一组织项目13个"},
    {"work.supervision", "市本级组织项目22个"},
    {"work.supervision", "管理不规范资金18.73亿元"},
    {"work.supervision", "上缴财政资金1591.47万元"},
    {"work.supervision", "归还原渠道资金1929.35万元"},
    {"work.supervision", "专题报告18份"},
    {"work.supervision", "移送处理书15份"},
    {"work.supervision", "(8个单位被通报批评"},
    {"work.supervision", "1名人员给予警告处分"},
    {"work.supervision", "17名人员被给予组织处理"},
    {"work.supervision", "全市448家"},
    {"work.supervision", "共梳理26个试点领域"},
    {"work.supervision", "市级公开事项1758个"},
    {"work.supervision", "镇级公开事项670个"},
    {"work.supervision", "政府各类文件64个"},
    {"work.supervision", "政策图解14700份"},
    {"work.supervision", "评价69.7万余条"},
    {"work.supervision", "好评率100%"},
    {"work.supervision", "咨询投诉建议151条"},
    // 一（六）依法预防处置突发事件.
    {"work.emergencies", "救援力量190余人次"},
    // 一（七）化解矛盾纠纷.
    {"work.disputes", "行政复议案件159件"},
    {"work.disputes", "审结145件"},
    {"work.disputes", "维持55件"},
    {"work.disputes", "直接纠错32件"},
    {"work.disputes", "协调解决44件"},
    {"work.disputes", "不予受理9件"},
    {"work.disputes", "单独为被告的案件11件"},
    {"work.disputes", "为被告的案件122件"},
    {"work.disputes", "出庭应诉55件"},
    {"work.disputes", "调解矛盾纠纷10067件"},
    {"work.disputes", "调解成功9966件"},
    {"work.disputes", "调解成功率达到99.0%"},
    {"work.disputes", "调委会调解案件6157件"},
    {"work.disputes", "调解成功 2057件"},
    {"work.disputes", "33.7%的案件纠纷"},
    {"work.disputes", "140名村(居)法律顾问"},
    {"work.disputes", "深入村(居)17000余人次"},
    {"work.disputes", "接受法律咨询73000余人次"},
    {"work.disputes", "参与调解纠纷3500余次"},
    {"work.disputes", "举办法治讲座2600余场次"},
    {"work.disputes", "专业法律意见数5000余条"},
    {"work.disputes", "起草法律文书800余份"},
    {"work.disputes", "参与诉讼活动270余次"},
    {"work.disputes", "律师服务团8个"},
    {"work.disputes", "参与律师数量252人次"},
    {"work.disputes", "体检企业186家"},
    {"work.disputes", "政策宣讲次数101次"},
    {"work.disputes", "法律咨询204人次"},
    {"work.disputes", "风险分析87件"},
    {"work.disputes", "法律意见条数118条"},
    {"work.disputes", "体检报告73份"},
    {"work.disputes", "共开展法治讲座200余场"},
};

inline constexpr std::size_t kSeedReportFigureCount =
    sizeof(kSeedReportFigures) / sizeof(kSeedReportFigures[0]);

}  // namespace fazhi::testing

#endif  // FAZHI_TESTS_INTEGRATION_SEED_REPORT_FIGURES_H_
