package dev.ipfence.console.session;

import java.util.List;
import java.util.Optional;

/** The users of the development sign-in: an administrator and a read-only viewer of one organization. */
public enum DevUser {
    ADMIN("dev-admin", "Administrator (read and write)", List.of(Session.READ, Session.WRITE)),
    VIEWER("dev-viewer", "Viewer (read only)", List.of(Session.READ));

    private final String subject;
    private final String description;
    private final List<String> roles;

    DevUser(String subject, String description, List<String> roles) {
        this.subject = subject;
        this.description = description;
        this.roles = roles;
    }

    public String subject() {
        return subject;
    }

    public String description() {
        return description;
    }

    public List<String> roles() {
        return roles;
    }

    public static Optional<DevUser> bySubject(String subject) {
        for (DevUser user : values()) {
            if (user.subject.equals(subject)) {
                return Optional.of(user);
            }
        }
        return Optional.empty();
    }
}
