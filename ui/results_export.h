#pragma once
// The queue's results as CSV (one row per file, for spreadsheets) and JSON
// (everything, including recommendations). Pure functions of the model, so
// the test checks the exact content.
#include <QByteArray>

class QueueModel;

namespace resultsexport {

QByteArray toCsv(const QueueModel& model);
QByteArray toJson(const QueueModel& model);

}  // namespace resultsexport
