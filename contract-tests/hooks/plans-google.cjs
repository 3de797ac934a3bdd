// Contract plans for the Google operations: see plans.cjs for how a plan works.
module.exports = {};
