package org.marginface.core.head;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The name of a {@link HeadSpec} record in configs and manifests ({@code head.type}), and the other
 * names a config may use for it. The only place a head's name is written: {@link HeadSpecs} reads it
 * for the config, the manifest's JSON and the list of known heads.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface HeadName {

    /** The name written to manifests and accepted in configs. */
    String value();

    /** Other names accepted in configs (never written). */
    String[] aliases() default {};
}
