// Contract plans for the connections, OAuth callbacks and ad-account permissions: see plans.cjs for how a plan works.
module.exports = {};
