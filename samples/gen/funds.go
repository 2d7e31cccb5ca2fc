package main

import "github.com/xuri/excelize/v2"

// The fund ledger of Shixing (sheet 帮扶资金).

type fund struct {
	year        int
	field, item string
	amount      money
	parts       []fundPart // 其中 breakdown rows, not added again
}

type fundPart struct {
	item   string
	amount money
}

// funds is the fund ledger: 2023 adds up to 4768 万元 (1520 + 1288.5 + 960 + 999.5).
var funds = []fund{
	{2022, "教育", "教育帮扶资金", 1200 * wan, []fundPart{{"其中：家庭经济困难学生资助", 450 * wan}}},
	{2022, "医疗", "远程医疗协作平台建设", 980 * wan, nil},
	{2022, "劳务协作", "劳务协作补贴", 836 * wan, nil},
	{2022, "消费帮扶", "消费帮扶专项资金", 840*wan + 25, nil},
	{2023, "教育", "教育帮扶资金", 1520 * wan, []fundPart{
		{"其中：始兴中学智慧校园建设", 820 * wan}, {"其中：乡村学校教师培训", 700 * wan}}},
	{2023, "医疗", "县人民医院胸痛中心建设", 860 * wan, nil},
	{2023, "医疗", "乡镇卫生院医疗设备购置", 428*wan + 50, nil},
	{2023, "劳务协作", "劳务协作稳岗补贴", 960 * wan, []fundPart{{"其中：转移就业交通补贴", 360 * wan}}},
	{2023, "消费帮扶", "消费帮扶专项资金（农产品产销对接）", 999*wan + 50, nil},
}

// writeFunds writes the fund ledger (sheet 帮扶资金) with a 小计 row per year and a 合计 row.
func writeFunds(b *book, fs []fund) {
	t := b.table("帮扶资金", "始兴县帮扶资金台账（2022—2023年）", "填报单位：始兴县乡村振兴局",
		[]string{"年度", "领域", "项目", "金额（万元）"}, []float64{10, 12, 40, 16})
	const format = "#,##0.00"
	num := b.numStyle(format, false)
	var all, year []int
	var sum, yearSum money
	for i, f := range fs {
		r := t.add(f.year, f.field, f.item, excelize.Cell{StyleID: num, Value: f.amount.in(wan)})
		all, year = append(all, r), append(year, r)
		sum, yearSum = sum+f.amount, yearSum+f.amount
		for _, p := range f.parts {
			t.add(nil, nil, p.item, excelize.Cell{StyleID: num, Value: p.amount.in(wan)})
		}
		if i+1 == len(fs) || fs[i+1].year != f.year {
			t.total("小计", 4, year, yearSum.in(wan), format)
			year, yearSum = nil, 0
		}
	}
	t.total("合计", 4, all, sum.in(wan), format)
	t.flush()
}
