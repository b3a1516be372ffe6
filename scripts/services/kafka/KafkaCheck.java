import java.util.Collection;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Readiness check for the local test broker: a real Kafka admin round trip
 * (DescribeCluster + Metadata/ListTopics), not just an open port. KRaft brokers
 * open their port before they are registered/unfenced, so a TCP probe alone is
 * not enough.
 *
 * Usage: KafkaCheck <bootstrap> <timeoutSeconds> [--warmup]
 * Exit 0 and print "clusterId=... brokers=... topics=..." when the broker answers.
 *
 * --warmup (used by up.sh right after a start): also make the broker create and
 * load its internal __consumer_offsets and __transaction_state topics. Otherwise
 * the first test that joins a group or starts an idempotent producer gets
 * "coordinator is loading" / "coordinator not available" errors (kafkajs logs
 * them as ERROR and retries), which makes the first test slow and noisy.
 */
public class KafkaCheck {
    public static void main(String[] args) {
        String bootstrap = args.length > 0 ? args[0] : "127.0.0.1:9092";
        int timeoutS = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        boolean warmup = args.length > 2 && args[2].equals("--warmup");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutS);
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "mstream-services-check");
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(Math.max(2000, timeoutS * 1000)));
        p.put(AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, "100");
        p.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "500");
        Exception last = null;
        try (Admin admin = Admin.create(p)) {
            while (System.nanoTime() < deadline) {
                long leftMs = Math.max(500, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
                try {
                    DescribeClusterResult c = admin.describeCluster();
                    Collection<Node> nodes = c.nodes().get(leftMs, TimeUnit.MILLISECONDS);
                    String clusterId = c.clusterId().get(leftMs, TimeUnit.MILLISECONDS);
                    if (!nodes.isEmpty()) {
                        Set<String> topics = admin.listTopics(new ListTopicsOptions().listInternal(true))
                                .names().get(leftMs, TimeUnit.MILLISECONDS);
                        System.out.println("clusterId=" + clusterId + " brokers=" + nodes + " topics=" + topics.size());
                        if (warmup) {
                            warmup(admin, bootstrap, timeoutS);
                        }
                        System.exit(0);
                    }
                } catch (Exception e) {
                    last = e;
                }
                try { Thread.sleep(200); } catch (InterruptedException ie) { break; }
            }
        }
        System.err.println("kafka not answering at " + bootstrap + ": " + (last == null ? "no brokers" : last));
        System.exit(1);
    }

    private static void warmup(Admin admin, String bootstrap, int timeoutS) throws Exception {
        // FindCoordinator(GROUP) auto-creates __consumer_offsets; the call only
        // succeeds once the group coordinator has loaded it.
        admin.listConsumerGroupOffsets("mstream-services-warmup").partitionsToOffsetAndMetadata()
                .get(timeoutS, TimeUnit.SECONDS);
        // initTransactions() does FindCoordinator(TRANSACTION) + InitProducerId, which
        // creates and loads __transaction_state. A *new* transactional id each time
        // also makes the broker fetch a block of producer ids from the controller;
        // until it has one, InitProducerId from idempotent producers (kafkajs
        // idempotent:true) fails once with "coordinator is loading" after every
        // broker restart. (Unused ids expire after transactional.id.expiration.ms.)
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "mstream-services-warmup-" + System.currentTimeMillis());
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(timeoutS * 1000));
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
        }
        System.out.println("warmup: group and transaction coordinators ready");
    }
}
