package main

import (
	"math/rand/v2"
	"slices"
	"time"
)

// The assistance project list of Shixing (sheet 帮扶项目).

type assistance struct {
	name, place, status string
	done                when
}

var (
	towns = []string{"太平镇", "马市镇", "澄江镇", "顿岗镇", "罗坝镇", "司前镇", "隘子镇", "城南镇", "沈所镇", "深渡水瑶族乡"}
	works = []string{"现代农业产业园提升项目", "农产品冷链仓储项目", "乡村道路硬化项目", "农村饮水安全提升项目",
		"高标准农田建设项目", "乡村民宿示范项目", "光伏发电帮扶项目", "村级集体经济发展项目", "美丽乡村示范村建设项目",
		"农村电商服务站建设项目", "茶叶加工厂建设项目", "农文旅融合发展项目", "农村人居环境整治项目", "特色种养基地建设项目"}
	delivered = []string{"已落地", "落地见效", "已完成"}
)

// assistanceRows lists 9 projects delivered in 2022, 13 delivered in 2023 and
// 5 still in progress (在建, 筹备).
func assistanceRows(r *rand.PCG) []assistance {
	var rows []assistance
	add := func(status string, done when) {
		i := len(rows)
		rows = append(rows, assistance{towns[i%len(towns)] + works[(i*3)%len(works)], towns[i%len(towns)], status, done})
	}
	for _, y := range []struct{ year, n int }{{2022, 9}, {2023, 13}} {
		var dates []time.Time
		for range y.n {
			dates = append(dates, day(y.year, between(r, 10, 360)))
		}
		slices.SortFunc(dates, time.Time.Compare)
		for i, t := range dates {
			w := when{t: t}
			if i == 5 {
				w.layout = "2006年1月"
			}
			add(delivered[i%len(delivered)], w)
		}
	}
	for _, s := range []string{"在建", "在建", "在建", "筹备", "筹备"} {
		add(s, when{})
	}
	return rows
}

// writeAssistance writes the assistance project list (sheet 帮扶项目).
func writeAssistance(b *book, as []assistance) {
	t := b.table("帮扶项目", "始兴县乡村振兴帮扶项目清单（2022—2023年）", "填报单位：始兴县农业农村局",
		[]string{"项目名称", "镇/村", "状态", "完成时间"}, []float64{40, 14, 10, 14})
	for _, a := range as {
		t.add(a.name, a.place, a.status, b.dateCell(a.done, ""))
	}
	t.flush()
}
