package main

import (
	"math/rand/v2"
	"slices"

	"github.com/xuri/excelize/v2"
)

// The project ledgers (sheet 项目台账) of the two regions: their layouts,
// their generated projects and their writer.

type project struct {
	name, industry, note      string
	invest                    money
	signed, started, produced when
}

// yearPlan says how many projects a region signs in a year and what becomes of them.
type yearPlan struct {
	year                       int
	signed                     int   // projects signed in year
	startedSame, startedNext   int   // of them: started in year, started in year+1
	producedNext, producedSame int   // of the started-same ones: in production in year+1 (fastener plants), in year
	invest                     money // total investment of the projects signed in year
}

// region describes one region's project ledger and how to fill it.
type region struct {
	code, file, title, note string
	headers                 []string
	widths                  []float64
	serial                  bool        // leading 序号 column
	unit                    money       // investment unit of the cells
	numFmt                  string      // display format of the investment cells
	step                    money       // rounding step of generated amounts
	textDates               []string    // layouts of the few dates written as text
	named                   [][2]string // name and industry of the first ordinary projects
	fasteners               []string    // names of the fastener plants
	plans                   []yearPlan
}

var tangxia = region{
	code:      "tangxia",
	file:      "塘厦镇产业共建项目台账.xlsx",
	title:     "塘厦镇产业共建项目台账（2022—2023年）",
	note:      "填报单位：塘厦镇投资促进局",
	headers:   []string{"序号", "项目名称", "产业", "投资额（万元）", "签约日期", "开工日期", "投产日期", "备注"},
	widths:    []float64{6, 44, 12, 16, 14, 14, 14, 22},
	serial:    true,
	unit:      wan,
	numFmt:    "#,##0.00",
	step:      25, // 0.25 万元
	textDates: []string{"2006年1月2日", "2006/1/2"},
	fasteners: []string{"塘厦镇精密紧固件智能制造项目"},
	plans: []yearPlan{
		{year: 2022, signed: 34, startedSame: 28, startedNext: 5, producedNext: 1, producedSame: 1, invest: 486215*wan + 75},
		{year: 2023, signed: 48, startedSame: 38, invest: 702380 * wan},
	},
}

var shixing = region{
	code:      "shixing",
	file:      "始兴县产业共建项目台账.xlsx",
	title:     "始兴县产业共建项目台账（2022—2023年）",
	note:      "填报单位：始兴县商务局",
	headers:   []string{"项目名称", "行业", "总投资（亿元）", "签约时间", "开工时间", "投产时间", "备注"},
	widths:    []float64{44, 12, 16, 14, 14, 14, 22},
	unit:      yi,
	numFmt:    "0.00##",
	step:      yi / 100, // 0.01 亿元
	textDates: []string{"2006.1.2", "2006年1月2日"},
	named:     [][2]string{{"塘厦-始兴电子信息产业园配套项目", "电子信息"}, {"始兴县竹木精深加工产业园项目", "林产品加工"}},
	fasteners: []string{"始兴县高端紧固件生产基地项目", "汽车紧固件扩产项目", "五金紧固件智能制造产业化项目"},
	plans: []yearPlan{
		{year: 2022, signed: 26, startedSame: 20, startedNext: 5, producedNext: 3, producedSame: 2, invest: 389450 * wan},
		{year: 2023, signed: 37, startedSame: 29, invest: 547620 * wan},
	},
}

var (
	companies = []string{"华锐", "鼎盛", "恒泰", "宏达", "瑞丰", "立信", "博远", "捷讯", "天和", "嘉联",
		"万通", "金鹏", "德润", "祥盛", "铭泰", "凯旋", "永信", "华拓", "盛世", "新辉", "众诚", "源兴", "联创"}
	products = []struct{ industry, product string }{
		{"电子信息", "智能终端结构件"}, {"电子信息", "柔性电路板"}, {"电子信息", "电子元器件"},
		{"电子信息", "5G通信模组"}, {"电子信息", "精密连接器"}, {"电子信息", "LED显示模组"},
		{"新材料", "高分子新材料"}, {"新材料", "光学膜材"}, {"新材料", "环保涂料"},
		{"装备制造", "精密模具"}, {"装备制造", "自动化设备"}, {"装备制造", "数控机床零部件"},
		{"新能源", "储能电池"}, {"新能源", "光伏组件"}, {"新能源", "新能源汽车零部件"},
		{"农产品加工", "预制菜"}, {"农产品加工", "茶叶精深加工"}, {"生物医药", "中药材提取"},
	}
	kinds = []string{"生产基地项目", "扩产项目", "智能制造项目", "研发中心项目", "配套项目", "产业化项目"}
)

// generate makes the region's projects, sorted by signing date.
func (rg region) generate(r *rand.PCG) []project {
	var ps []project
	names := map[string]bool{}
	fastener, named, n := 0, 0, 0
	for _, p := range rg.plans {
		amounts := split(r, p.invest, p.signed, rg.step)
		for i := range p.signed {
			pr := project{invest: amounts[i]}
			y := p.year
			signed := between(r, 5, 250)
			started := signed + between(r, 20, 100)
			switch {
			case i < p.producedNext:
				pr.name, pr.industry, pr.note = rg.fasteners[fastener], "装备制造", "已投产"
				fastener++
				pr.produced.t = day(y+1, between(r, 30, 330))
			case i < p.producedNext+p.producedSame:
				signed = between(r, 5, 120)
				started = signed + between(r, 20, 100)
				pr.produced.t, pr.note = day(y, started+between(r, 60, 140)), "已投产"
			case i < p.startedSame:
			case i < p.startedSame+p.startedNext:
				signed = between(r, 200, 365)
				started, pr.note = 365+between(r, 0, 150), "跨年度开工"
			default:
				signed, started, pr.note = between(r, 150, 365), -1, "前期手续办理中"
			}
			pr.signed.t = day(y, signed)
			if started >= 0 {
				pr.started.t = day(y, started)
			}
			if pr.name == "" {
				if named < len(rg.named) {
					pr.name, pr.industry = rg.named[named][0], rg.named[named][1]
					named++
				} else {
					pr.name, pr.industry = generatedName(n, names)
					n++
				}
			}
			names[pr.name] = true
			ps = append(ps, pr)
		}
	}
	slices.SortStableFunc(ps, func(a, b project) int { return a.signed.t.Compare(b.signed.t) })
	for i := range ps { // a few dates written as text, as offices do
		if i%9 == 4 {
			ps[i].signed.layout = rg.textDates[0]
		}
		if i%11 == 7 && !ps[i].started.t.IsZero() {
			ps[i].started.layout = rg.textDates[1]
		}
	}
	return ps
}

// generatedName returns the n-th project name not yet in used, and its industry.
func generatedName(n int, used map[string]bool) (string, string) {
	for ; ; n += 1000 {
		p := products[(n*7)%len(products)]
		name := companies[n%len(companies)] + p.product + kinds[(n*5)%len(kinds)]
		if n >= 1000 {
			name += "（二期）"
		}
		if !used[name] {
			return name, p.industry
		}
	}
}

// split divides total into n uneven amounts, multiples of step except the
// largest, which takes the remainder so that the sum is exact.
func split(r *rand.PCG, total money, n int, step money) []money {
	w := make([]money, n)
	var sum money
	for i := range w {
		w[i] = money(between(r, 20, 160))
		if between(r, 0, 8) == 0 {
			w[i] *= 3
		}
		sum += w[i]
	}
	out := make([]money, n)
	var got money
	big := 0
	for i := range w {
		out[i] = total * w[i] / sum / step * step
		got += out[i]
		if out[i] > out[big] {
			big = i
		}
	}
	out[big] += total - got
	return out
}

// writeLedger writes a project ledger (sheet 项目台账) and its notes sheet 填表说明.
func writeLedger(b *book, rg region, ps []project) {
	t := b.table("项目台账", rg.title, rg.note, rg.headers, rg.widths)
	num := b.numStyle(rg.numFmt, false)
	var rows []int
	for i, p := range ps {
		var cells []any
		if rg.serial {
			cells = append(cells, i+1)
		}
		cells = append(cells, p.name, p.industry, excelize.Cell{StyleID: num, Value: p.invest.in(rg.unit)},
			b.dateCell(p.signed, ""), b.dateCell(p.started, noDate(i)), b.dateCell(p.produced, ""), p.note)
		rows = append(rows, t.add(cells...))
	}
	var sum money
	for _, p := range ps {
		sum += p.invest
	}
	investCol := 3 // after 项目名称 and 产业/行业
	if rg.serial {
		investCol++
	}
	t.total("合计", investCol, rows, sum.in(rg.unit), rg.numFmt)
	t.flush()
	b.notes("填表说明",
		"填表说明：",
		"1. 本表按季度更新，一个项目占一行，按签约先后排列。",
		"2. 投资额以表头所示单位填写，保留两位小数。",
		"3. 签约、开工、投产日期按实际发生日期填写；尚未开工或投产的填「—」或留空。",
		"4. 合计行由公式自动计算，请勿手工修改。")
}

// noDate is what an empty date cell holds: alternately nothing and a dash.
func noDate(i int) string {
	if i%2 == 0 {
		return "—"
	}
	return ""
}
