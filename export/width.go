package export

import "golang.org/x/text/width"

// DisplayWidth counts the columns s takes in a terminal or a spreadsheet
// column: East Asian wide and full-width characters take two.
func DisplayWidth(s string) int {
	n := 0
	for _, r := range s {
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
}
