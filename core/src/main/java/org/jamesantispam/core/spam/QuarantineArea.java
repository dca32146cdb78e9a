package org.jamesantispam.core.spam;

import java.util.Objects;

/**
 * A quarantine a {@code Quarantine} mailet stores mail in: the James mail repository URL (e.g.
 * {@code file://var/mail/quarantine/}) and the reason it quarantines for. Registered in
 * {@link org.jamesantispam.core.runtime.ActiveComponents}; webadmin's quarantine routes read it.
 */
public record QuarantineArea(String repositoryUrl, QuarantineReason reason) {
    public QuarantineArea {
        Objects.requireNonNull(repositoryUrl, "repositoryUrl");
        Objects.requireNonNull(reason, "reason");
    }
}
