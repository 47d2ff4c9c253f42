// EpubCheckAll - validates many EPUB files in one JVM with Debian's epubcheck
// library (4.2.x), so the JVM start-up is paid once per test, not per book.
// Usage: java -cp epubcheck.jar:DIR EpubCheckAll [@LISTFILE | BOOK.epub]...
// epubcheck prints each problem itself; the last line is the total
// "checked N books: E errors, W warnings" and the exit status is 1 when E+W > 0.
import com.adobe.epubcheck.api.EpubCheck;
import com.adobe.epubcheck.util.DefaultReportImpl;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

public class EpubCheckAll {
    public static void main(String[] args) throws Exception {
        List<String> books = new ArrayList<>();
        for (String a : args) {
            if (a.startsWith("@")) {
                for (String line : Files.readAllLines(Paths.get(a.substring(1))))
                    if (!line.isEmpty()) books.add(line);
            } else {
                books.add(a);
            }
        }
        long errors = 0, warnings = 0;
        for (String book : books) {
            DefaultReportImpl report = new DefaultReportImpl(book);
            new EpubCheck(new File(book), report).validate();
            int e = report.getFatalErrorCount() + report.getErrorCount();
            int w = report.getWarningCount();
            if (e + w > 0) System.out.println("FAIL " + book + ": " + e + " errors, " + w + " warnings");
            errors += e;
            warnings += w;
        }
        System.out.println("checked " + books.size() + " books: " + errors + " errors, " + warnings + " warnings");
        System.exit(books.isEmpty() || errors + warnings > 0 ? 1 : 0);
    }
}
