package dev.ipfence.console.session;

import jakarta.enterprise.context.RequestScoped;

/** The signed-in session and CSRF token of the request being served. */
@RequestScoped
public class CurrentRequest {

    private Session session;
    private String csrfToken;
    private String newCsrfBinding;

    public Session session() {
        if (session == null) {
            throw new IllegalStateException("no session on this request");
        }
        return session;
    }

    public boolean signedIn() {
        return session != null;
    }

    void session(Session session) {
        this.session = session;
    }

    public String csrfToken() {
        return csrfToken;
    }

    void csrf(String token, String newBinding) {
        this.csrfToken = token;
        this.newCsrfBinding = newBinding;
    }

    /** A CSRF cookie value to set on the response, when the browser had none. */
    String newCsrfBinding() {
        return newCsrfBinding;
    }
}
