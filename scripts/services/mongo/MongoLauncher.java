import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.ServerVersion;
import de.bwaldvogel.mongo.backend.Cursor;
import de.bwaldvogel.mongo.backend.aggregation.Aggregation;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;

/**
 * Starts mongo-java-server (in-memory backend) for local integration tests.
 *
 * Usage: MongoLauncher [host] [port] [version]
 *   version: one of mongo-java-server's own ServerVersion names (MONGO_3_6,
 *            MONGO_4_0, MONGO_5_0) or "X.Y" (4.4, 5.0, 6.0, 7.0) to advertise that
 *            server version with its real wire version.
 *   defaults: 127.0.0.1 27017 MONGO_5_0 (service.sh passes 4.4)
 *
 * Why these settings:
 *  - version: mongo-java-server's highest built-in version, MONGO_5_0, still
 *    advertises maxWireVersion 8 (= MongoDB 4.2). The Node driver 7.x refuses
 *    anything below wire 9 (MongoDB 4.4). "X.Y" only changes what hello/buildInfo
 *    report; the server's behaviour is the same (see docs/testing.md).
 *  - enableOplog(): without it the server has no oplog and $changeStream fails;
 *    mstream tests rely on change streams.
 *  - FixedDocumentKeyOplog: mongo-java-server 1.47.0 puts the *update spec*
 *    (e.g. {$set: {...}}) into the documentKey of "update" change events instead
 *    of {_id: ...}. We record each update in the oplog as {_id: id} instead, which
 *    makes documentKey right; fullDocument:'updateLookup' still returns the
 *    current document (looked up by _id). See docs/testing.md for what remains
 *    different from real MongoDB.
 *  - handleGetMore override: see the comment there (idle change streams would
 *    otherwise busy-poll the server). -Dmstream.idleGetMoreWaitMs=0 turns it off.
 *  - everything is in memory: a restart is an empty server.
 */
public class MongoLauncher {
    public static void main(String[] args) throws Exception {
        String host = args.length > 0 ? args[0] : "127.0.0.1";
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 27017;
        MongoVersion version = parseVersion(args.length > 2 ? args[2] : "MONGO_5_0");

        long idleGetMoreWaitMs = Long.parseLong(System.getProperty("mstream.idleGetMoreWaitMs", "25"));
        MemoryBackend backend = new MemoryBackend() {
            @Override
            protected Oplog createOplog() {
                return new FixedDocumentKeyOplog(super.createOplog());
            }

            /*
             * mongo-java-server answers getMore on a change stream at once, even when
             * there is nothing new (real MongoDB waits up to maxAwaitTimeMS). The driver
             * then re-polls immediately: ~600-2000 getMores/s per idle change stream,
             * each scanning the whole oplog -- a full CPU core once the oplog holds a
             * few 10k entries. We wait a short, fixed time once before answering an
             * empty batch. Short, because this runs on a netty event-loop thread shared
             * with other connections: they may be delayed by up to this much.
             */
            @Override
            protected Document handleGetMore(String databaseName, String command, Document query) {
                Document result = super.handleGetMore(databaseName, command, query);
                if (idleGetMoreWaitMs > 0 && isEmptyOpenBatch(result)) {
                    try {
                        Thread.sleep(idleGetMoreWaitMs);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return result;
                    }
                    return super.handleGetMore(databaseName, command, query);
                }
                return result;
            }
        };
        backend.version(version);
        MongoServer server = new MongoServer(backend);
        server.enableOplog();
        server.bind(host, port);
        System.out.println("mongo-java-server listening on " + host + ":" + port
                + " (version " + version.toVersionString() + ", wire " + version.getWireVersion()
                + ", oplog on, memory backend)");

        CountDownLatch stopped = new CountDownLatch(1);
        // SIGTERM from down.sh -> close sockets cleanly so the port is freed at once.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("mongo-java-server shutting down");
            server.shutdownNow();
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
    }

    static boolean isEmptyOpenBatch(Document getMoreResult) {
        if (!(getMoreResult.get("cursor") instanceof Document cursor)) {
            return false;
        }
        return cursor.get("nextBatch") instanceof List<?> batch && batch.isEmpty()
                && cursor.get("id") instanceof Number id && id.longValue() != 0;
    }

    /** Delegating oplog that only changes what an update records (see class comment). */
    static final class FixedDocumentKeyOplog implements Oplog {
        private final Oplog delegate;

        FixedDocumentKeyOplog(Oplog delegate) {
            this.delegate = delegate;
        }

        @Override
        public void handleInsert(String namespace, List<Document> documents) {
            delegate.handleInsert(namespace, documents);
        }

        @Override
        public void handleUpdate(String namespace, Document selector, Document update, List<Object> modifiedIds) {
            for (Object id : modifiedIds) {
                delegate.handleUpdate(namespace, selector, new Document("_id", id), List.of(id));
            }
        }

        @Override
        public void handleDelete(String namespace, Document query, List<Object> deletedIds) {
            delegate.handleDelete(namespace, query, deletedIds);
        }

        @Override
        public void handleDropCollection(String namespace) {
            delegate.handleDropCollection(namespace);
        }

        @Override
        public Cursor createCursor(Document changeStreamDocument, String namespace, Aggregation aggregation) {
            return delegate.createCursor(changeStreamDocument, namespace, aggregation);
        }
    }

    /** MongoDB release -> maxWireVersion it reports (from the server's wire-version table). */
    private static final Map<String, Integer> WIRE = Map.of(
            "4.0", 7, "4.2", 8, "4.4", 9, "5.0", 13, "6.0", 17, "7.0", 21, "8.0", 25);

    static MongoVersion parseVersion(String s) {
        if (s.startsWith("MONGO_")) {
            return ServerVersion.valueOf(s);
        }
        Integer wire = WIRE.get(s);
        if (wire == null) {
            throw new IllegalArgumentException("unknown version " + s + " (use one of " + WIRE.keySet() + " or MONGO_x_y)");
        }
        String[] p = s.split("\\.");
        List<Integer> array = List.of(Integer.parseInt(p[0]), Integer.parseInt(p[1]), 0);
        return new MongoVersion() {
            @Override public List<Integer> getVersionArray() { return array; }
            @Override public int getWireVersion() { return wire; }
            @Override public String toString() { return s; }
        };
    }
}
