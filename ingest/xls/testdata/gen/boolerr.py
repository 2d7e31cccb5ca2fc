# Used by main.go. Write boolerr.xls with xlwt (Debian python3-xlwt): the
# BOOLERR records LibreOffice never writes (it stores TRUE and FALSE as
# formulas): Booleans and constant error values, beside numbers and text.
import sys, xlwt

book = xlwt.Workbook()
sheet = book.add_sheet("布尔")
sheet.write(0, 0, "值")
sheet.write(1, 0, True)
sheet.write(1, 1, False)
sheet.write(1, 2, "x")
sheet.write(2, 0, 1.5)
sheet.write(2, 1, -7)
sheet.write(2, 2, "文本")
sheet.row(3).set_cell_error(0, 0x2A)  # #N/A
sheet.row(3).set_cell_error(1, "#DIV/0!")
sheet.row(3).set_cell_error(2, "#REF!")
book.save(sys.argv[1])
