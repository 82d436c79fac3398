package dev.ipfence.web.openapi;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;

/** The path parameters of a templated path, declared on every operation under it. */
final class PathParameters {

    private static final Pattern TEMPLATE = Pattern.compile("\\{([^}/]+)}");

    private PathParameters() {}

    static List<String> of(String path) {
        List<String> names = new ArrayList<>();
        Matcher m = TEMPLATE.matcher(path);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /**
     * Declares every parameter of {@code template} the operation and its path item do not; drops a
     * declared path parameter the path does not have.
     */
    static void declare(String path, List<String> template, PathItem item, Operation operation) {
        Set<String> declared = new HashSet<>();
        if (item.getParameters() != null) {
            item.getParameters().stream()
                    .filter(p -> p.getIn() == Parameter.In.PATH)
                    .forEach(p -> declared.add(p.getName()));
        }
        if (operation.getParameters() != null) {
            for (Parameter p : List.copyOf(operation.getParameters())) {
                if (p.getIn() == Parameter.In.PATH) {
                    if (template.contains(p.getName())) {
                        declared.add(p.getName());
                    } else {
                        operation.removeParameter(p);
                    }
                }
            }
        }
        for (String name : template) {
            if (!declared.contains(name)) {
                String owner = "scopeId".equals(name) ? ownerOf(path, name) : name;
                operation.addParameter(OASFactory.createParameter()
                        .name(name)
                        .in(Parameter.In.PATH)
                        .required(true)
                        .description("The id of the " + owner)
                        .schema(OASFactory.createSchema()
                                .addType(Schema.SchemaType.STRING)
                                .format("uuid")));
            }
        }
    }

    /** The singular of the segment before {@code {name}}: {@code project} for {@code /api/projects/{scopeId}}. */
    private static String ownerOf(String path, String name) {
        String[] segments = path.split("/");
        for (int i = 1; i < segments.length; i++) {
            if (segments[i].equals("{" + name + "}")) {
                return OperationIds.singular(segments[i - 1]);
            }
        }
        return name;
    }
}
