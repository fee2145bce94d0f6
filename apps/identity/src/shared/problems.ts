// Domain-rule 400s now live in @edubase/http, shared with network access; identity's callers keep this path.
export { invalidField, invalidFields } from '@edubase/http';
