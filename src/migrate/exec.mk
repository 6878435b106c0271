# plan and executor of migrate apply/status/set
