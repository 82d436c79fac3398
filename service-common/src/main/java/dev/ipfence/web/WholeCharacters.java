package dev.ipfence.web;

import dev.ipfence.core.model.TextCharacters;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A text field holds whole characters: no half of a surrogate pair without its other half
 * ({@link TextCharacters#loneSurrogate}), which a JSON escape such as {@code "\ud800"} can send.
 * The violation names the half and its position.
 */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = WholeCharacters.Check.class)
public @interface WholeCharacters {

    String message() default "not valid Unicode";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** The check behind {@link WholeCharacters}; {@code null} is left to {@code @NotNull}. */
    class Check implements ConstraintValidator<WholeCharacters, String> {

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            if (value == null) {
                return true;
            }
            return TextCharacters.loneSurrogate(value)
                    .map(problem -> {
                        context.disableDefaultConstraintViolation();
                        // the problem names only a code point and a position: nothing a message template would
                        // interpret
                        context.buildConstraintViolationWithTemplate(problem).addConstraintViolation();
                        return false;
                    })
                    .orElse(true);
        }
    }
}
