package dev.ipfence.bench.system;

import dev.ipfence.testing.DevServersProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Kafka alone, as the rule events travel: records sent one at a time with the outbox relay's
 * producer settings ({@code acks=all}, idempotent, {@code linger.ms=0}) to the project's broker,
 * read by two consumers that differ only in {@code fetch.max.wait.ms}. Prints send to
 * acknowledgement, and send to read for each consumer. {@code -Dipfence.bench.kafka.acks=1} and
 * {@code -Dipfence.bench.kafka.idempotence=false} try the producer without them.
 *
 * <p>{@code java ... KafkaHop [records]}
 */
public final class KafkaHop {

    private static final String TOPIC = "ipfence.rules.v1";
    private static final int[] FETCH_MAX_WAIT_MS = {500, 5};

    private KafkaHop() {}

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        Result result = run(DevServersProcess.shared().kafkaBootstrap(), TOPIC, records);
        System.out.printf("send -> acknowledged: %s%n", Percentiles.of(result.acknowledged()));
        for (int c = 0; c < FETCH_MAX_WAIT_MS.length; c++) {
            System.out.printf(
                    "send -> read, fetch.max.wait.ms=%d: %s%n",
                    FETCH_MAX_WAIT_MS[c], Percentiles.of(result.read().get(c)));
        }
        System.exit(0);
    }

    /**
     * Milliseconds from send to acknowledgement, and from send to read for each consumer (in the
     * order of {@code FETCH_MAX_WAIT_MS}), of the records after the warm-up.
     */
    record Result(List<Double> acknowledged, List<List<Double>> read) {}

    /** Sends {@code records} (after a warm-up of 20) to {@code topic}, created with one partition if missing. */
    static Result run(String bootstrap, String topic, int records) throws Exception {
        int warmUp = 20;
        createIfMissing(bootstrap, topic);
        List<List<Double>> reads = new ArrayList<>();
        List<Thread> readers = new ArrayList<>();
        CountDownLatch positioned = new CountDownLatch(FETCH_MAX_WAIT_MS.length);
        for (int wait : FETCH_MAX_WAIT_MS) {
            List<Double> millis = Collections.synchronizedList(new ArrayList<>());
            reads.add(millis);
            Thread reader = new Thread(
                    () -> read(bootstrap, topic, wait, warmUp + records, millis, positioned), "fetch-max-wait-" + wait);
            reader.setDaemon(true);
            reader.start();
            readers.add(reader);
        }
        if (!positioned.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("consumers not positioned after 60 s");
        }
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.ACKS_CONFIG, System.getProperty("ipfence.bench.kafka.acks", "all"));
        config.put(
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                Boolean.parseBoolean(System.getProperty("ipfence.bench.kafka.idempotence", "true")));
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        List<Double> acks = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < warmUp + records; i++) {
                long sent = RuleTopicWatch.nowMicros();
                producer.send(new ProducerRecord<>(topic, Long.toString(sent), new byte[300]))
                        .get();
                if (i >= warmUp) {
                    acks.add((RuleTopicWatch.nowMicros() - sent) / 1e3);
                }
                Thread.sleep(20);
            }
        }
        for (Thread reader : readers) {
            reader.join(10_000);
        }
        List<List<Double>> afterWarmUp = new ArrayList<>();
        for (List<Double> millis : reads) {
            synchronized (millis) {
                afterWarmUp.add(List.copyOf(millis.subList(Math.min(warmUp, millis.size()), millis.size())));
            }
        }
        return new Result(acks, afterWarmUp);
    }

    private static void createIfMissing(String bootstrap, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            if (!admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(topic)) {
                admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1)))
                        .all()
                        .get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** Reads the topic from its end until {@code expected} records arrived, or 60 s past the time it takes to send them. */
    private static void read(
            String bootstrap,
            String topic,
            int fetchMaxWaitMs,
            int expected,
            List<Double> millis,
            CountDownLatch positioned) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, fetchMaxWaitMs);
        try (KafkaConsumer<String, byte[]> kafka =
                new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = kafka.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            kafka.assign(partitions);
            kafka.seekToEnd(partitions);
            partitions.forEach(kafka::position);
            positioned.countDown();
            long deadline =
                    System.nanoTime() + TimeUnit.SECONDS.toNanos(60) + expected * TimeUnit.MILLISECONDS.toNanos(40);
            while (millis.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : kafka.poll(Duration.ofMillis(100))) {
                    millis.add((RuleTopicWatch.nowMicros() - Long.parseLong(record.key())) / 1e3);
                }
            }
        }
    }
}
