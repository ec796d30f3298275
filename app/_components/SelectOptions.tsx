/**
 * The options of a select: first `blank`, the empty value (no choice: "any", "all", the profile's
 * own), when there is one; then one option per choice, named by `label` (the choice itself otherwise).
 */
export function SelectOptions<Choice extends string | number>({
  choices,
  blank,
  label = String,
}: {
  choices: readonly Choice[];
  blank?: string;
  label?: (choice: Choice) => string;
}) {
  return (
    <>
      {blank === undefined ? null : <option value="">{blank}</option>}
      {choices.map((choice) => (
        <option key={choice} value={choice}>
          {label(choice)}
        </option>
      ))}
    </>
  );
}
