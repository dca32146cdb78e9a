package org.jamesantispam.core.access;

import java.util.List;

/**
 * What an access check looks up: the keys, in order, and the name the reply shows between
 * {@code <>} ({@code bob@spam.test}, {@code mail.example.org}, {@code unknown[192.0.2.1]}).
 */
public record AccessSubject(String replyName, List<AccessKey> keys) {
    public AccessSubject {
        keys = List.copyOf(keys);
    }
}
