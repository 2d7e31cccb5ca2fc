package parse

import (
	"errors"
	"testing"

	"github.com/shopspring/decimal"
)

func TestNumber(t *testing.T) {
	tests := []struct {
		in   string
		want string // "" means an error
	}{
		{"1250", "1250"},
		{"1,250", "1250"},
		{"1，250", "1250"},
		{"１２５", "125"},
		{"１，２５０．５", "1250.5"},
		{"125.0", "125"},
		{"1.25E+6", "1250000"},
		{"1.25e6", "1250000"},
		{"1.25E-3", "0.00125"},
		{"-3", "-3"},
		{"+3", "3"},
		{"－3", "-3"},
		{"\u22123", "-3"},
		{" 12 ", "12"},
		{"\u300012\u3000", "12"},
		{"0", "0"},
		{"-0", "0"},
		{"0.0", "0"},
		{"0e999999999", "0"},
		{".5", "0.5"},
		{"5.", "5"},
		{"007", "7"},
		{"0.05", "0.05"},
		{"0.30000000000000004", "0.3"},
		{"1234.5600000000002", "1234.56"},
		{"0.1999999999999999", "0.2"},
		{"123456789012345678", "123456789012346000"},
		{"999999999999999.9", "1000000000000000"},
		{"-999999999999999.9", "-1000000000000000"},
		{"1.2345678901234549", "1.23456789012345"},
		{"1.234567890123455", "1.23456789012346"},
		{"1,234,567.5", "1234567.5"},
		{"12,345", "12345"},
		{"123,456", "123456"},
		{"12%", "0.12"},
		{"12.5 %", "0.125"},
		{"１２％", "0.12"},
		{"-50%", "-0.5"},
		{"1e308", "1e308"},
		{"4.9E-324", "4.9e-324"},
		{"1e309", ""},
		{"1e-400", ""},
		{"1e99999999999999999999", ""},
		{"1,2,3", ""},
		{"1,23", ""},
		{"1234,567", ""},
		{",123", ""},
		{"1,", ""},
		{"1,234.5,6", ""},
		{"1.2e3,000", ""},
		{"(3)", "-3"},
		{"(34,000.00)", "-34000"},
		{"（５００）", "-500"},
		{"( 12% )", "-0.12"},
		{"(-3)", ""},
		{"¥1,234.50", "1234.5"},
		{"￥-234.56", "-234.56"},
		{"-¥234.56", "-234.56"},
		{"(¥234.56)", "-234.56"},
		{"¥", ""},
		{"¥¥1", ""},
		{"(3", ""},
		{"3)", ""},
		{"()", ""},
		{"", ""},
		{"   ", ""},
		{"-", ""},
		{"+", ""},
		{".", ""},
		{"%", ""},
		{"e5", ""},
		{"1e", ""},
		{"1e+", ""},
		{"1.2.3", ""},
		{"--3", ""},
		{"3-", ""},
		{"- 3", ""},
		{"1 250", ""},
		{"12元", ""},
		{"abc", ""},
		{"NaN", ""},
		{"Inf", ""},
		{"0x10", ""},
		{"1_000", ""},
		{"12%%", ""},
		{"\x00", ""},
		{"1\x00", ""},
	}
	for _, tt := range tests {
		got, err := number(tt.in)
		switch {
		case tt.want == "":
			if !errors.Is(err, ErrNotNumber) {
				t.Errorf("number(%q) = %v, %v; want ErrNotNumber", tt.in, got, err)
			}
		case err != nil:
			t.Errorf("number(%q) error: %v", tt.in, err)
		case !got.Equal(decimal.RequireFromString(tt.want)):
			t.Errorf("number(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestNumberError(t *testing.T) {
	_, err := number("12元")
	if err == nil || err.Error() != `"12元": not a number` {
		t.Errorf("number(\"12元\") error = %v", err)
	}
}

func TestNumberString(t *testing.T) {
	tests := []struct{ in, want string }{
		{"125.0", "125"},
		{"0.30000000000000004", "0.3"},
		{"1,250.50", "1250.5"},
		{"1.25E+6", "1250000"},
	}
	for _, tt := range tests {
		got, err := number(tt.in)
		if err != nil || got.String() != tt.want {
			t.Errorf("number(%q).String() = %q, %v; want %q", tt.in, got.String(), err, tt.want)
		}
	}
}

func BenchmarkNumber(b *testing.B) {
	for b.Loop() {
		if _, err := number("1,234,567.8900000001"); err != nil {
			b.Fatal(err)
		}
	}
}

func FuzzNumber(f *testing.F) {
	for _, s := range []string{"1,250", "１２５", "1.25E+6", "0.30000000000000004", "12%", "(3)", "1e-324", "-0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := number(s)
		if err != nil {
			if !errors.Is(err, ErrNotNumber) {
				t.Fatalf("number(%q) error %v does not wrap ErrNotNumber", s, err)
			}
			return
		}
		if n := d.NumDigits(); n > 15 {
			t.Fatalf("number(%q) = %v has %d digits", s, d, n)
		}
		again, err := number(d.String())
		if err != nil || !again.Equal(d) {
			t.Fatalf("number(%q) = %v does not round-trip: %v, %v", s, d, again, err)
		}
	})
}

// number is NumberParts as a decimal, for comparing values.
func number(s string) (decimal.Decimal, error) {
	coef, exp, err := NumberParts(s)
	if err != nil {
		return decimal.Decimal{}, err
	}
	return decimal.New(coef, int32(exp)), nil
}
