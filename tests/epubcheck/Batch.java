import com.adobe.epubcheck.tool.EpubChecker;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * EPUBCheck for many EPUBs in one JVM (tests/conftest.py). Each request is a line
 * "book.epub<TAB>report.json"; the book's JSON report is written like `epubcheck --json` and the
 * answer is the exit code. Starting the JVM and compiling EPUBCheck's schemas costs seconds, so
 * one JVM serves a whole test session.
 *
 * With no arguments, requests come on standard input and answers go to standard output. With
 * "SOCKET OWNER_PID", requests come one per connection on a Unix socket, from any test process
 * (both `make test` workers), and the JVM ends when the owner (the session's pytest) does.
 */
public class Batch {
    public static void main(String[] args) throws IOException {
        PrintStream answers = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));  // EPUBCheck's own chatter
        if (args.length == 2) {
            serve(Path.of(args[0]), Long.parseLong(args[1]), answers);
            return;
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            answers.println(check(line));
            answers.flush();
        }
    }

    private static int check(String line) {
        String[] job = line.split("\t");
        return new EpubChecker().run(new String[] {job[0], "-q", "--json", job[1]});
    }

    private static void serve(Path socket, long owner, PrintStream answers) throws IOException {
        ProcessHandle.of(owner).ifPresentOrElse(
            process -> process.onExit().thenRun(() -> System.exit(0)), () -> System.exit(0));
        Files.deleteIfExists(socket);
        socket.toFile().deleteOnExit();
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            answers.println("ready");
            answers.flush();
            while (true) {
                try (SocketChannel client = server.accept()) {   // one book at a time; others queue
                    BufferedReader in = new BufferedReader(
                        new InputStreamReader(Channels.newInputStream(client), StandardCharsets.UTF_8));
                    String line = in.readLine();
                    if (line != null) {
                        OutputStream out = Channels.newOutputStream(client);
                        out.write((check(line) + "\n").getBytes(StandardCharsets.UTF_8));
                        out.flush();
                    }
                } catch (IOException gone) {
                    // a client that went away mid-request: serve the next
                }
            }
        }
    }
}
