package claimgraph;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.io.ByteUnit;
import org.neo4j.configuration.connectors.ConnectorPortRegister;
import org.neo4j.configuration.connectors.ConnectorType;
import org.neo4j.kernel.internal.GraphDatabaseAPI;

/**
 * A throw-away Neo4j Community for tests: Bolt on a free loopback port, data in a new temporary folder, no auth.
 *
 * <p>Prints {@code bolt://127.0.0.1:PORT} on its own line once Bolt accepts connections, then runs until SIGTERM or,
 * with {@code --stop-on-eof}, until its standard input closes (so it dies with the process that started it, even
 * after a kill -9). The data folder is deleted on the way out.
 */
public final class TestServer {
    private TestServer() {}

    public static void main(String[] args) throws Exception {
        boolean stopOnEof = false;
        int port = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--stop-on-eof" -> stopOnEof = true;
                case "--port" -> port = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("usage: TestServer [--port N] [--stop-on-eof]");
                    System.exit(2);
                }
            }
        }
        Path home = Files.createTempDirectory("claimgraph-neo4j-");
        DatabaseManagementService dbms = start(home, port);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(dbms, home)));
        System.out.println("bolt://127.0.0.1:" + boltPort(dbms));
        System.out.flush();
        if (stopOnEof) {
            waitForEof(System.in);
            System.exit(0); // runs the shutdown hook
        }
        Thread.currentThread().join();
    }

    private static DatabaseManagementService start(Path home, int port) {
        return new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(GraphDatabaseSettings.auth_enabled, false)
                // Small and quick: a test graph fits in a little page cache; no preallocated transaction logs.
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(256))
                .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                .setConfig(GraphDatabaseSettings.keep_logical_logs, "false")
                .setConfig(GraphDatabaseSettings.transaction_timeout, Duration.ofMinutes(10))
                .build();
    }

    private static int boltPort(DatabaseManagementService dbms) {
        GraphDatabaseService db = dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
        ConnectorPortRegister ports =
                ((GraphDatabaseAPI) db).getDependencyResolver().resolveDependency(ConnectorPortRegister.class);
        return ports.getLocalAddress(ConnectorType.BOLT).getPort();
    }

    private static void waitForEof(InputStream in) throws IOException {
        byte[] buffer = new byte[256];
        while (in.read(buffer) >= 0) {
            // input is ignored; only its end matters
        }
    }

    private static void stop(DatabaseManagementService dbms, Path home) {
        dbms.shutdown();
        try (Stream<Path> paths = Files.walk(home)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete " + home + ": " + e.getMessage());
        }
    }
}
