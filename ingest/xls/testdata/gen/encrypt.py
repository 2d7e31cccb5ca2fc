# Used by main.go. Save an .xlsx as a password-protected .xls through LibreOffice (UNO).
import os, signal, subprocess, sys, time, uno
from com.sun.star.beans import PropertyValue
src, dst, pw = sys.argv[1:4]
pipe = "xlsenc%d" % os.getpid()
prof = "file:///tmp/xlsenc-profile-%d" % os.getpid()
p = subprocess.Popen(["soffice", "--headless", "--norestore", "-env:UserInstallation=" + prof,
                      "--accept=pipe,name=%s;urp;" % pipe], start_new_session=True)
try:
    ctx = uno.getComponentContext()
    resolver = ctx.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", ctx)
    for _ in range(100):
        try:
            rc = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
            break
        except Exception:
            time.sleep(0.2)
    desktop = rc.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", rc)
    def prop(n, v):
        x = PropertyValue(); x.Name = n; x.Value = v; return x
    doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(src)), "_blank", 0, (prop("Hidden", True),))
    doc.storeToURL(uno.systemPathToFileUrl(os.path.abspath(dst)), (prop("FilterName", "MS Excel 97"), prop("Password", pw)))
    doc.close(True)
finally:
    os.killpg(p.pid, signal.SIGKILL)  # soffice and the soffice.bin it starts
    p.wait()
