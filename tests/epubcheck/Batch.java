import com.adobe.epubcheck.tool.EpubChecker;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * EPUBCheck for many EPUBs in one JVM (tests/conftest.py): reads "book.epub<TAB>report.json" lines,
 * writes each book's JSON report like `epubcheck --json` and answers with the exit code. Starting
 * the JVM and compiling EPUBCheck's schemas costs seconds; one process per test worker pays once.
 */
public class Batch {
    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        PrintStream answers = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));  // EPUBCheck's own chatter
        String line;
        while ((line = in.readLine()) != null) {
            String[] job = line.split("\t");
            int code = new EpubChecker().run(new String[] {job[0], "-q", "--json", job[1]});
            answers.println(code);
            answers.flush();
        }
    }
}
