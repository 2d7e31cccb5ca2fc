package parse

import "testing"

func BenchmarkFoldText(b *testing.B) {
	for b.Loop() {
		foldText(" 投資額\n（萬元） ")
	}
}
func BenchmarkTextCached(b *testing.B) {
	for b.Loop() {
		Text(" 投資額\n（萬元） ")
	}
}
func BenchmarkSplitUnit(b *testing.B) {
	for b.Loop() {
		SplitUnit("125亿元", testUnits)
	}
}
func BenchmarkDate(b *testing.B) {
	for b.Loop() {
		Date("2023-03-18 10:30:00", false)
	}
}
func BenchmarkPeriod(b *testing.B) {
	for b.Loop() {
		ParsePeriod("2023年1-6月")
	}
}
