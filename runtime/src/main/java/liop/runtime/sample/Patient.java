package liop.runtime.sample;

import java.time.LocalDate;

/**
 * One synthetic patient record. Every value is made up by {@link PatientGenerator}; the social
 * security numbers use areas 900-999, which are never issued, so none can be a real person's.
 */
public record Patient(
        String id,
        String name,
        String ssn,
        int age,
        String sex,
        String condition,
        String zip,
        LocalDate admitted,
        int systolicBp,
        int heartRate) {

    /** The record as one JSON object, fields in a fixed order with the dataset's snake_case names. */
    public String json() {
        return "{\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"ssn\":\"" + ssn + "\",\"age\":" + age
                + ",\"sex\":\"" + sex + "\",\"condition\":\"" + condition + "\",\"zip\":\"" + zip
                + "\",\"admitted\":\"" + admitted + "\",\"systolic_bp\":" + systolicBp
                + ",\"heart_rate\":" + heartRate + "}";
    }
}
