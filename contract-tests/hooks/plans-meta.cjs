// Contract plans for the Meta operations: see plans.cjs for how a plan works.
module.exports = {};
