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
 * EPUBCheck for a whole test session in one JVM, for every test process (tests/conftest.py; both
 * `make test` workers): `Serve SOCKET OWNER_PID` takes one request per connection on a Unix
 * socket, "book.epub<TAB>report.json", writes the book's JSON report like `epubcheck --json` and
 * answers with the exit code; it ends when the owner (the session's pytest) does. Unix sockets
 * need Java 16; on an older Java the tests use Batch.java, one JVM per test process.
 */
public class Serve {
    public static void main(String[] args) throws IOException {
        PrintStream answers = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));  // EPUBCheck's own chatter
        Path socket = Path.of(args[0]);
        ProcessHandle.of(Long.parseLong(args[1])).ifPresentOrElse(
            owner -> owner.onExit().thenRun(() -> System.exit(0)), () -> System.exit(0));
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
                        String[] job = line.split("\t");
                        int code = new EpubChecker().run(new String[] {job[0], "-q", "--json", job[1]});
                        OutputStream out = Channels.newOutputStream(client);
                        out.write((code + "\n").getBytes(StandardCharsets.UTF_8));
                        out.flush();
                    }
                } catch (IOException gone) {
                    // a client that went away mid-request: serve the next
                }
            }
        }
    }
}
