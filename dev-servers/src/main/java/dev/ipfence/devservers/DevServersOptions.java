package dev.ipfence.devservers;

import dev.ipfence.core.events.Topic;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line of {@link DevServers}. */
record DevServersOptions(
        Path dataDir,
        int pgPort,
        int kafkaPort,
        int controllerPort,
        List<String> databases,
        List<TopicSpec> topics,
        Path readyFile,
        boolean exitWithParent,
        boolean postgres,
        boolean kafka) {

    static DevServersOptions parse(String[] args) {
        Path dataDir = null;
        int pgPort = 0;
        int kafkaPort = 0;
        int controllerPort = 0;
        List<String> databases = new ArrayList<>();
        List<TopicSpec> topics = new ArrayList<>();
        Path readyFile = null;
        boolean exitWithParent = false;
        boolean postgres = true;
        boolean kafka = true;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--data-dir" -> dataDir = Path.of(value(args, ++i, arg));
                case "--pg-port" -> pgPort = Integer.parseInt(value(args, ++i, arg));
                case "--kafka-port" -> kafkaPort = Integer.parseInt(value(args, ++i, arg));
                case "--controller-port" -> controllerPort = Integer.parseInt(value(args, ++i, arg));
                case "--database" -> databases.add(value(args, ++i, arg));
                case "--topic" -> topics.add(TopicSpec.parse(value(args, ++i, arg)));
                case "--ready-file" -> readyFile = Path.of(value(args, ++i, arg));
                case "--exit-with-parent" -> exitWithParent = true;
                case "--no-postgres" -> postgres = false;
                case "--no-kafka" -> kafka = false;
                default -> throw new IllegalArgumentException("unknown option " + arg + "\n" + usage());
            }
        }
        if (dataDir == null) {
            throw new IllegalArgumentException("--data-dir is required\n" + usage());
        }
        if (databases.isEmpty()) {
            databases.addAll(DevServers.DEFAULT_DATABASES);
        }
        if (topics.isEmpty()) {
            Topic.all().forEach(t -> topics.add(new TopicSpec(t.topicName(), t.partitions(), t.configs())));
        }
        return new DevServersOptions(
                dataDir,
                pgPort,
                kafkaPort,
                controllerPort,
                List.copyOf(databases),
                List.copyOf(topics),
                readyFile,
                exitWithParent,
                postgres,
                kafka);
    }

    private static String value(String[] args, int i, String option) {
        return ServerProcess.optionValue(args, i, option, usage());
    }

    static String usage() {
        return """
                usage: DevServers --data-dir DIR [--pg-port N] [--kafka-port N] [--controller-port N]
                                  [--database NAME]... [--topic NAME:PARTITIONS[:key=value,...]]...
                                  [--ready-file FILE] [--exit-with-parent] [--no-postgres] [--no-kafka]
                Ports default to free random ones. Data in DIR survives a restart.
                Without --database / --topic: the databases and topics ipfence needs.
                """;
    }
}
