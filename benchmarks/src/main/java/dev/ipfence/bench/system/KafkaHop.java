package dev.ipfence.bench.system;

import dev.ipfence.testing.DevServersProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
        String bootstrap = DevServersProcess.shared().kafkaBootstrap();
        List<List<Double>> reads = new ArrayList<>();
        CountDownLatch positioned = new CountDownLatch(FETCH_MAX_WAIT_MS.length);
        for (int wait : FETCH_MAX_WAIT_MS) {
            List<Double> millis = java.util.Collections.synchronizedList(new ArrayList<>());
            reads.add(millis);
            Thread reader = new Thread(() -> read(bootstrap, wait, millis, positioned), "fetch-max-wait-" + wait);
            reader.setDaemon(true);
            reader.start();
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
        int warmUp = 20;
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < warmUp + records; i++) {
                long sent = RuleTopicWatch.nowMicros();
                producer.send(new ProducerRecord<>(TOPIC, Long.toString(sent), new byte[300]))
                        .get();
                if (i >= warmUp) {
                    acks.add((RuleTopicWatch.nowMicros() - sent) / 1e3);
                }
                Thread.sleep(20);
            }
        }
        Thread.sleep(1_000);
        System.out.printf("send -> acknowledged: %s%n", Percentiles.of(acks));
        for (int c = 0; c < FETCH_MAX_WAIT_MS.length; c++) {
            List<Double> all = new ArrayList<>(reads.get(c));
            System.out.printf(
                    "send -> read, fetch.max.wait.ms=%d: %s%n",
                    FETCH_MAX_WAIT_MS[c], Percentiles.of(all.subList(Math.min(warmUp, all.size()), all.size())));
        }
        System.exit(0);
    }

    private static void read(String bootstrap, int fetchMaxWaitMs, List<Double> millis, CountDownLatch positioned) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, fetchMaxWaitMs);
        try (KafkaConsumer<String, byte[]> kafka =
                new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = kafka.partitionsFor(TOPIC, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(TOPIC, p.partition()))
                    .toList();
            kafka.assign(partitions);
            kafka.seekToEnd(partitions);
            partitions.forEach(kafka::position);
            positioned.countDown();
            while (true) {
                for (ConsumerRecord<String, byte[]> record : kafka.poll(Duration.ofMillis(100))) {
                    millis.add((RuleTopicWatch.nowMicros() - Long.parseLong(record.key())) / 1e3);
                }
            }
        }
    }
}
