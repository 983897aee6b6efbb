//! Upgrade Specification (R-UP): a higher edition or more users, effective on payment.
